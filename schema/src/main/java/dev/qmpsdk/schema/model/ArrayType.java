package dev.qmpsdk.schema.model;

/** A list of values of one element type, written {@code ['Foo']} in QAPI. */
public record ArrayType(QapiType element) implements QapiType {
    @Override
    public String name() {
        return "[" + element.name() + "]";
    }

    @Override
    public String toString() {
        return name();
    }
}
