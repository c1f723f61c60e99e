package dev.qmpsdk.core.introspection;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a server's {@code query-qmp-schema} answer: a command, an event or a type they use. Type names are
 * masked by QEMU ({@code "0"}, {@code "123"}, {@code "[45]"} for an array): they mean nothing across servers and
 * are only followed inside one answer (see {@link ServerSchema}). Commands and events carry their wire names.
 *
 * <p>This model describes every introspection format from QEMU 2.11 to 10.x: {@code features} (4.1+),
 * {@code allow-oob} (2.12+) and enum {@code members} with their own features (6.2+) are read when present and
 * empty or false when not.
 *
 * <pre>{@code
 * if (schema.entity("12").orElseThrow() instanceof SchemaEntity.EnumType e) { e.values(); }
 * }</pre>
 */
public sealed interface SchemaEntity {
    /** The command or event wire name, or the masked type name ({@code "str"}, {@code "int"}... for built-ins). */
    String name();

    /** The features the server lists for this entity. */
    Features features();

    /** A built-in type ({@code str}, {@code int}, {@code number}, {@code bool}, {@code null}, {@code any}). */
    record Builtin(String name, String jsonType, Features features) implements SchemaEntity {}

    /** An enum type: its values, each with its own features (QEMU 6.2+; none before). */
    record EnumType(String name, List<EnumMember> members, Features features) implements SchemaEntity {
        public EnumType {
            members = List.copyOf(members);
        }

        /** The wire values, in the server's order. */
        public List<String> values() {
            return members.stream().map(EnumMember::name).toList();
        }

        public Optional<EnumMember> member(String value) {
            return members.stream().filter(m -> m.name().equals(value)).findFirst();
        }
    }

    /** An array type; its masked name is {@code [element]}. */
    record ArrayType(String name, String elementType, Features features) implements SchemaEntity {}

    /**
     * An object type: a struct, or a union when {@link #tag()} is set, whose {@link #variants()} add members by the
     * tag's value. Command arguments and event data are object types.
     */
    record ObjectType(String name, List<ObjectMember> members, @Nullable String tag, List<Variant> variants, Features features)
            implements SchemaEntity {
        public ObjectType {
            members = List.copyOf(members);
            variants = List.copyOf(variants);
        }

        /** The non-variant member of this wire name. */
        public Optional<ObjectMember> member(String wireName) {
            return members.stream().filter(m -> m.name().equals(wireName)).findFirst();
        }
    }

    /** An alternate type: a value of any of the listed types, told apart by its JSON type. */
    record AlternateType(String name, List<String> alternatives, Features features) implements SchemaEntity {
        public AlternateType {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** A command: the masked names of its argument object and result type; {@code allowOob} since QEMU 2.12. */
    record Command(String name, String argType, String retType, boolean allowOob, Features features) implements SchemaEntity {}

    /** An event: the masked name of its data object. */
    record Event(String name, String argType, Features features) implements SchemaEntity {}

    /** An entry of a meta-type this SDK does not know (a QEMU newer than 10.x), kept by tolerant decoding. */
    record Unknown(String name, String metaType, Features features) implements SchemaEntity {}

    /**
     * An object member. {@code optional} is QEMU's {@code "default": null}: the member may be left out.
     *
     * @param type the masked name of the member's type
     */
    record ObjectMember(String name, String type, boolean optional, Features features) {}

    /** An enum value with its features (QEMU 6.2+ lists features per value, e.g. a deprecated one). */
    record EnumMember(String name, Features features) {}

    /** The variant members of a union for one value of its tag: those of the object type {@code type}. */
    record Variant(String tagValue, String type) {}
}
