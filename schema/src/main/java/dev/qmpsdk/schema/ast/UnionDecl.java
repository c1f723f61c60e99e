package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;
import dev.qmpsdk.schema.model.SourceLocation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code {'union': ..., 'base': ..., 'discriminator': ..., 'data': {...}}}.
 *
 * @param base a {@link TypeRef.Named} or an inline {@link TypeRef.Inline} base, or null
 * @param discriminator the tag member of a flat union, or null for a simple union
 * @param discriminatorLocation where the discriminator is written (the union's location when absent)
 */
public record UnionDecl(
        String name,
        DefinitionInfo info,
        Object source,
        @Nullable TypeRef base,
        @Nullable String discriminator,
        SourceLocation discriminatorLocation,
        List<BranchDecl> branches)
        implements Declaration {
    public UnionDecl {
        branches = List.copyOf(branches);
    }
}
