package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.Feature;
import dev.qmpsdk.schema.model.IfCondition;
import dev.qmpsdk.schema.model.SourceLocation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A member as written: {@code '*name': 'T'} or {@code '*name': {'type': 'T', 'if': ..., 'features': [...]}}. */
public record MemberDecl(
        String name,
        boolean optional,
        TypeRef type,
        @Nullable IfCondition ifCond,
        List<Feature> features,
        SourceLocation location) {
    public MemberDecl {
        features = List.copyOf(features);
    }
}
