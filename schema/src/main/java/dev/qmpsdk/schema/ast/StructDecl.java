package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code {'struct': ..., 'data': {...}, 'base': ...}} (1.x: {@code 'type'} instead of {@code 'struct'}). */
public record StructDecl(
        String name, DefinitionInfo info, Object source, TypeRef.@Nullable Named base, List<MemberDecl> members)
        implements Declaration {
    public StructDecl {
        members = List.copyOf(members);
    }
}
