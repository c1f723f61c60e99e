package dev.qmpsdk.schema.model;

import org.jspecify.annotations.Nullable;

/** The JSON token type that tells the alternatives of an alternate apart on the wire. */
enum JsonKind {
    STRING,
    NUMBER,
    BOOLEAN,
    NULL,
    OBJECT,
    ARRAY;

    /**
     * The JSON kind values of {@code type} arrive as, or null when the type cannot be an alternative
     * ({@code any} and alternates would make the choice ambiguous). All integer types and {@code number}
     * are one kind, as QEMU decodes them from the same JSON number.
     */
    static @Nullable JsonKind of(QapiType type) {
        if (type instanceof BuiltinType builtin) {
            return switch (builtin.kind()) {
                case STR, QTYPE -> STRING;
                case BOOL -> BOOLEAN;
                case NULL -> NULL;
                case ANY -> null;
                default -> NUMBER;
            };
        }
        if (type instanceof EnumType) {
            return STRING;
        }
        if (type instanceof ObjectType) {
            return OBJECT;
        }
        if (type instanceof ArrayType) {
            return ARRAY;
        }
        return null;
    }
}
