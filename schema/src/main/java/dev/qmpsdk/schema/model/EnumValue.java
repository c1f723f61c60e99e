package dev.qmpsdk.schema.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One value of an enum.
 *
 * @param name the wire name
 * @param ifCond condition, or null
 * @param features features, in source order
 * @param doc the {@code @value:} description from the enum's doc block, or null
 */
public record EnumValue(String name, @Nullable IfCondition ifCond, List<Feature> features, @Nullable String doc) {
    public EnumValue {
        features = List.copyOf(features);
    }

    public boolean isDeprecated() {
        return features.stream().anyMatch(Feature::isDeprecated);
    }
}
