package dev.qmpsdk.schema.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object type: a struct, a union, or one of the object types the schema implies without naming
 * (command arguments, event data, inline union bases, simple-union branch wrappers, 1.x nested structs).
 *
 * <p>Instances are created first and completed once by the resolver (so that recursive types can refer
 * to themselves); after {@link QapiSchema} is returned they never change.
 */
public final class ObjectType implements QapiType, Definition {
    /** What kind of object type this is, and for implicit ones, why it exists. */
    public enum Kind {
        /** {@code 'struct'}. */
        STRUCT(false),
        /** {@code 'union'} with a {@code 'discriminator'} (flat union). */
        FLAT_UNION(false),
        /** {@code 'union'} without a discriminator (legacy simple union: {@code {"type": ..., "data": ...}}). */
        SIMPLE_UNION(false),
        /** The anonymous {@code 'data'} dict of a command. */
        COMMAND_ARGUMENTS(true),
        /** The anonymous {@code 'data'} dict of an event. */
        EVENT_DATA(true),
        /** The anonymous {@code 'base'} dict of a flat union. */
        UNION_BASE(true),
        /** The wrapper {@code {"data": T}} of one simple-union branch. */
        BRANCH_WRAPPER(true),
        /** A nested anonymous struct used as a member type (QAPI 1.x only). */
        NESTED(true);

        private final boolean implicit;

        Kind(boolean implicit) {
            this.implicit = implicit;
        }

        public boolean isImplicit() {
            return implicit;
        }
    }

    private final String name;
    private final DefinitionInfo info;
    private final Kind kind;
    private final @Nullable String owner;
    private final @Nullable String ownerPart;
    private @Nullable ObjectType base;
    private List<Member> localMembers = List.of();
    private @Nullable Variants variants;
    private boolean completed;

    /**
     * @param name QAPI name; implicit types use QEMU's own names ({@code q_obj_<command>-arg},
     *     {@code q_obj_<event>-arg}, {@code q_obj_<union>-base}, {@code q_obj_<branchtype>-wrapper})
     * @param owner for implicit types, the name of the definition that implies it, else null
     * @param ownerPart for branch wrappers the branch name, for nested structs the member name, else null
     */
    public ObjectType(String name, DefinitionInfo info, Kind kind, @Nullable String owner, @Nullable String ownerPart) {
        this.name = Objects.requireNonNull(name);
        this.info = Objects.requireNonNull(info);
        this.kind = Objects.requireNonNull(kind);
        this.owner = owner;
        this.ownerPart = ownerPart;
        if (kind.isImplicit() && owner == null) {
            throw new IllegalArgumentException("implicit type " + name + " needs an owner");
        }
    }

    /** Called exactly once by the resolver. */
    void complete(@Nullable ObjectType base, List<Member> localMembers, @Nullable Variants variants) {
        if (completed) {
            throw new IllegalStateException(name + " already completed");
        }
        this.base = base;
        this.localMembers = List.copyOf(localMembers);
        this.variants = variants;
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

    public Kind kind() {
        return kind;
    }

    public boolean isImplicit() {
        return kind.isImplicit();
    }

    public boolean isUnion() {
        return kind == Kind.FLAT_UNION || kind == Kind.SIMPLE_UNION;
    }

    /** For implicit types: the definition that implies this one. */
    public @Nullable String owner() {
        return owner;
    }

    /** For branch wrappers the branch name, for nested structs the member name. */
    public @Nullable String ownerPart() {
        return ownerPart;
    }

    /** The base type (named, or the implicit {@link Kind#UNION_BASE}), or null. */
    public @Nullable ObjectType base() {
        return base;
    }

    /** Members declared by this type itself, in source order. */
    public List<Member> localMembers() {
        return localMembers;
    }

    /** All members: the base's (recursively) first, then the local ones. */
    public List<Member> members() {
        if (base == null) {
            return localMembers;
        }
        List<Member> all = new ArrayList<>(base.members());
        all.addAll(localMembers);
        return List.copyOf(all);
    }

    /** The branches, for unions; null otherwise. */
    public @Nullable Variants variants() {
        return variants;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }
}
