package dev.qmpsdk.schema.model;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The QAPI built-in types, with the integer range each one allows on the wire. */
public enum Builtin {
    STR("str"),
    NUMBER("number"),
    INT("int"),
    INT8("int8"),
    INT16("int16"),
    INT32("int32"),
    INT64("int64"),
    UINT8("uint8"),
    UINT16("uint16"),
    UINT32("uint32"),
    UINT64("uint64"),
    SIZE("size"),
    BOOL("bool"),
    NULL("null"),
    ANY("any"),
    /** The internal enum of JSON types; only ever referenced by introspection. */
    QTYPE("QType");

    private final String qapiName;

    Builtin(String qapiName) {
        this.qapiName = qapiName;
    }

    /** The name used in QAPI source. */
    public String qapiName() {
        return qapiName;
    }

    /** True for the integer types (including {@code size}). */
    public boolean isInteger() {
        return switch (this) {
            case INT, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, SIZE -> true;
            default -> false;
        };
    }

    /** Looks up a built-in by its QAPI name, or returns null. */
    public static @Nullable Builtin byQapiName(String name) {
        for (Builtin b : values()) {
            if (b.qapiName.equals(name)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return qapiName.toLowerCase(Locale.ROOT).equals(qapiName) ? qapiName : name();
    }
}
