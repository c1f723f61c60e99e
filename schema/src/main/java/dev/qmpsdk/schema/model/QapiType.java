package dev.qmpsdk.schema.model;

/** Any type a member, argument, return value or alternative can have. */
public sealed interface QapiType permits BuiltinType, EnumType, ObjectType, AlternateType, ArrayType {
    /** The QAPI name ({@code str}, {@code StatusInfo}, {@code [BlockInfo]}, {@code q_obj_stop-arg}). */
    String name();
}
