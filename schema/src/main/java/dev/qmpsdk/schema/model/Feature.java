package dev.qmpsdk.schema.model;

import org.jspecify.annotations.Nullable;

/**
 * A QAPI feature flag on a definition or member, e.g. {@code deprecated} or {@code unstable}.
 *
 * @param name the feature name
 * @param ifCond the condition under which the feature exists, or null when unconditional
 */
public record Feature(String name, @Nullable IfCondition ifCond) {
    public boolean isDeprecated() {
        return "deprecated".equals(name);
    }

    public boolean isUnstable() {
        return "unstable".equals(name);
    }
}
