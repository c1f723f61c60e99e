package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.Feature;
import dev.qmpsdk.schema.model.IfCondition;
import dev.qmpsdk.schema.model.SourceLocation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An enum value as written: {@code 'name'} or {@code {'name': ..., 'if': ..., 'features': [...]}}. */
public record EnumValueDecl(String name, @Nullable IfCondition ifCond, List<Feature> features, SourceLocation location) {
    public EnumValueDecl {
        features = List.copyOf(features);
    }
}
