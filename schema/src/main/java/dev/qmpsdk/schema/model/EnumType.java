package dev.qmpsdk.schema.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An enum. Implicit enums are the tag enums of simple unions ({@code <Union>Kind}).
 */
public final class EnumType implements QapiType, Definition {
    private final String name;
    private final DefinitionInfo info;
    private final List<EnumValue> values;
    private final @Nullable String prefix;
    private final boolean implicit;

    public EnumType(String name, DefinitionInfo info, List<EnumValue> values, @Nullable String prefix, boolean implicit) {
        this.name = Objects.requireNonNull(name);
        this.info = Objects.requireNonNull(info);
        this.values = List.copyOf(values);
        this.prefix = prefix;
        this.implicit = implicit;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DefinitionInfo info() {
        return info;
    }

    public List<EnumValue> values() {
        return values;
    }

    /** The C enum prefix from {@code 'prefix'}, which matters only to QEMU's C code. */
    public @Nullable String prefix() {
        return prefix;
    }

    /** True for an enum the schema created without naming it (a simple union's tag enum). */
    public boolean isImplicit() {
        return implicit;
    }

    @Override
    public String toString() {
        return "enum " + name;
    }
}
