package dev.qmpsdk.schema.model;

/** A reference to one of the QAPI built-in types. */
public record BuiltinType(Builtin kind) implements QapiType {
    @Override
    public String name() {
        return kind.qapiName();
    }
}
