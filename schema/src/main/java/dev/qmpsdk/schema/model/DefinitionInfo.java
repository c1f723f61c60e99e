package dev.qmpsdk.schema.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What every definition carries besides its shape.
 *
 * @param location where the definition starts (the opening brace)
 * @param module the schema file that contains it, relative to the main schema file's directory
 *     (e.g. {@code block-core.json}); the main file itself is its own file name
 * @param section the closest preceding section heading ({@code = Block devices}) without the {@code =}
 *     marks, or null when the file has none before this definition
 * @param doc the documentation block, or null when the definition has none
 * @param ifCond the {@code 'if'} condition, or null
 * @param features the features, in source order
 */
public record DefinitionInfo(
        SourceLocation location,
        String module,
        @Nullable String section,
        @Nullable Doc doc,
        @Nullable IfCondition ifCond,
        List<Feature> features) {
    public DefinitionInfo {
        features = List.copyOf(features);
    }

    /** True when the definition carries the {@code deprecated} feature. */
    public boolean isDeprecated() {
        return features.stream().anyMatch(Feature::isDeprecated);
    }
}
