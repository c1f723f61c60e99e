package dev.qmpsdk.schema.model;

/** A top-level QAPI definition (or an implicit one the schema creates without naming it). */
public sealed interface Definition permits EnumType, ObjectType, AlternateType, Command, Event {
    String name();

    DefinitionInfo info();
}
