package dev.qmpsdk.schema.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A member of an object type (struct field, command argument, event data field).
 *
 * @param name the wire name, without the {@code *} that marks it optional
 * @param type the member's type
 * @param optional true when the name was written with a leading {@code *} (or {@code 'optional': true} in 1.x)
 * @param ifCond condition, or null
 * @param features features, in source order
 * @param location where the member is declared
 * @param doc the {@code @member:} description from the owner's doc block, or null
 */
public record Member(
        String name,
        QapiType type,
        boolean optional,
        @Nullable IfCondition ifCond,
        List<Feature> features,
        SourceLocation location,
        @Nullable String doc) {
    public Member {
        features = List.copyOf(features);
    }

    public boolean isDeprecated() {
        return features.stream().anyMatch(Feature::isDeprecated);
    }

    @Override
    public String toString() {
        return (optional ? "*" : "") + name + ": " + type.name();
    }
}
