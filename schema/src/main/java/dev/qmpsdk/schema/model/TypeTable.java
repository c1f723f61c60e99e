package dev.qmpsdk.schema.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Every named type by QAPI name, built-ins first, then in the order the resolver creates them. */
final class TypeTable {
    private final Map<String, QapiType> types = new LinkedHashMap<>();

    TypeTable() {
        for (Builtin builtin : Builtin.values()) {
            types.put(builtin.qapiName(), new BuiltinType(builtin));
        }
    }

    /** Adds a type; its name must be free (explicit names were checked for duplicates before). */
    <T extends QapiType> T add(T type, SourceLocation location, String why) {
        QapiType existing = types.get(type.name());
        if (existing != null) {
            throw new QapiSchemaException(location, "'" + type.name() + "' (" + why + ") clashes with "
                    + (existing instanceof BuiltinType ? "the built-in type" : existing.toString()));
        }
        types.put(type.name(), type);
        return type;
    }

    @Nullable QapiType find(String name) {
        return types.get(name);
    }

    /**
     * The type called {@code name}, or an error at {@code location} naming what referred to it. QEMU 1.x
     * wrote {@code 'visitor'} for "any JSON value" (QEMU 2.5 renamed it {@code 'any'}); it resolves to
     * {@code any} without becoming a type name of its own.
     */
    QapiType require(String name, SourceLocation location, String referrer) {
        QapiType type = types.get(name.equals("visitor") && !types.containsKey("visitor") ? "any" : name);
        if (type == null) {
            throw new QapiSchemaException(location, "unknown type '" + name + "' in " + referrer);
        }
        return type;
    }

    Map<String, QapiType> asMap() {
        return Collections.unmodifiableMap(types);
    }
}
