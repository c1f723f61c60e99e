package dev.qmpsdk.core.introspection;

import java.util.Set;

/**
 * The QAPI features a server lists for a schema entity, an object member or an enum value
 * ({@code "features": ["deprecated"]} in its {@code query-qmp-schema} answer). QEMU lists them since 4.1
 * (object types), 4.2 (commands) and 5.0 (the rest; enum values since 6.2); an older server lists none.
 *
 * <pre>{@code
 * if (schema.command("query-cpus").map(c -> c.features().deprecated()).orElse(false)) { ... }
 * }</pre>
 *
 * @param names the feature names, in no particular order
 */
public record Features(Set<String> names) {
    /** QEMU's feature for something that will be removed. */
    public static final String DEPRECATED = "deprecated";
    /** QEMU's feature for something that may change incompatibly or go away without deprecation. */
    public static final String UNSTABLE = "unstable";

    /** No features: what every entity of a server older than QEMU 4.1 has. */
    public static final Features NONE = new Features(Set.of());

    public Features {
        names = Set.copyOf(names);
    }

    /** True when the server marks the thing {@value #DEPRECATED}. */
    public boolean deprecated() {
        return names.contains(DEPRECATED);
    }

    /** True when the server marks the thing {@value #UNSTABLE}. */
    public boolean unstable() {
        return names.contains(UNSTABLE);
    }

    /** True when the server lists the feature {@code name} (e.g. {@code "allow-write-only-overlay"}). */
    public boolean has(String name) {
        return names.contains(name);
    }
}
