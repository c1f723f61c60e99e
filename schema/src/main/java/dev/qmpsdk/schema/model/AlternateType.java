package dev.qmpsdk.schema.model;

import java.util.List;
import java.util.Objects;

/**
 * An alternate: a value that is one of several types, told apart on the wire by its JSON token type
 * (string, number, boolean, null, object, array).
 */
public final class AlternateType implements QapiType, Definition {
    private final String name;
    private final DefinitionInfo info;
    private List<Variant> alternatives = List.of();
    private boolean completed;

    public AlternateType(String name, DefinitionInfo info) {
        this.name = Objects.requireNonNull(name);
        this.info = Objects.requireNonNull(info);
    }

    /** Called exactly once by the resolver. */
    void complete(List<Variant> alternatives) {
        if (completed) {
            throw new IllegalStateException(name + " already completed");
        }
        this.alternatives = List.copyOf(alternatives);
        this.completed = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DefinitionInfo info() {
        return info;
    }

    /** The alternatives, in source order. */
    public List<Variant> alternatives() {
        return alternatives;
    }

    @Override
    public String toString() {
        return "alternate " + name;
    }
}
