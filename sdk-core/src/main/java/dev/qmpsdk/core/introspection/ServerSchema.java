package dev.qmpsdk.core.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.SchemaEntity.AlternateType;
import dev.qmpsdk.core.introspection.SchemaEntity.ArrayType;
import dev.qmpsdk.core.introspection.SchemaEntity.Command;
import dev.qmpsdk.core.introspection.SchemaEntity.Event;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectType;
import dev.qmpsdk.core.introspection.SchemaEntity.Variant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What one server says about itself in its {@code query-qmp-schema} answer: its commands and events by wire name and
 * the types they use, with QEMU's introspection rules applied. Type names are masked numbers that differ between
 * QEMU builds, so questions start from a command or event name and follow member names ({@link #argument},
 * {@link #typeAt(SchemaPath)}); a member may sit in a union's variants, and a type may have widened (str to enum,
 * struct to alternate) without QEMU calling it a change.
 *
 * <pre>{@code
 * ServerSchema schema = ServerSchema.decode(answerJson, false);
 * schema.command("query-cpus-fast").isPresent();                            // true on QEMU 7.2
 * schema.argument("blockdev-add", "discard").map(m -> m.optional());        // Optional[true]
 * }</pre>
 */
public final class ServerSchema {
    private final Map<String, SchemaEntity> byName;

    private ServerSchema(Map<String, SchemaEntity> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Decodes the {@code return} array of a {@code query-qmp-schema} reply from any QEMU 2.11 to 10.x.
     *
     * @param strict reject what no QEMU 2.11-10.x answer contains (unknown members, meta-types or JSON types, a
     *     duplicate name, a type name that no entry describes) instead of skipping or keeping it
     * @throws QmpProtocolException naming the JSON pointer when the answer is not a {@code SchemaInfo} list
     */
    public static ServerSchema decode(JsonNode answer, boolean strict) {
        Map<String, SchemaEntity> byName = new LinkedHashMap<>();
        List<SchemaEntity> entities = new ServerSchemaDecoder(strict).decode(answer);
        for (int i = 0; i < entities.size(); i++) {
            SchemaEntity e = entities.get(i);
            if (byName.putIfAbsent(e.name(), e) != null && strict) {
                throw ServerSchemaDecoder.fail("/" + i + "/name", "the name '" + e.name() + "' is described twice (strict mode)");
            }
        }
        ServerSchema schema = new ServerSchema(byName);
        if (strict) {
            schema.requireEveryReferenceDescribed();
        }
        return schema;
    }

    /** {@link #decode(JsonNode, boolean)} of JSON text (the {@code return} array). */
    public static ServerSchema decode(byte[] answerJson, boolean strict) {
        try {
            return decode(QapiJson.TREE_MAPPER.readTree(answerJson), strict);
        } catch (IOException e) {
            throw new QmpProtocolException(ServerSchemaDecoder.SUBJECT, null, "malformed JSON: " + e.getMessage(), e);
        }
    }

    /** Every entry, in the server's order. */
    public List<SchemaEntity> entities() {
        return List.copyOf(byName.values());
    }

    /** The entry of this name: a command or event wire name, or a masked type name. */
    public Optional<SchemaEntity> entity(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Command> command(String wireName) {
        return byName.get(wireName) instanceof Command c ? Optional.of(c) : Optional.empty();
    }

    public Optional<Event> event(String wireName) {
        return byName.get(wireName) instanceof Event e ? Optional.of(e) : Optional.empty();
    }

    /** The wire names of the server's commands, sorted. */
    public Set<String> commandNames() {
        return namesOf(Command.class);
    }

    /** The wire names of the server's events, sorted. */
    public Set<String> eventNames() {
        return namesOf(Event.class);
    }

    /**
     * The argument member {@code member} of {@code command}: a member of its argument object or, for a command whose
     * arguments are a union ({@code blockdev-add}), of any of the union's variants.
     */
    public Optional<ObjectMember> argument(String command, String member) {
        return command(command).flatMap(c -> member(c.argType(), member));
    }

    /** The member {@code member} of the object type {@code typeName}, its variants included (see {@link #argument}). */
    public Optional<ObjectMember> member(String typeName, String member) {
        return objectMembers(typeName, new TreeSet<>()).filter(m -> m.name().equals(member)).findFirst();
    }

    /**
     * The type at a path: a command's arguments or result, or an event's data, then member names; arrays are looked
     * through, and so are the object alternatives of an alternate (a struct widened to an alternate).
     * Empty when the command, event or any member on the way is not there.
     */
    public Optional<SchemaEntity> typeAt(SchemaPath path) {
        Optional<String> type = switch (path.root()) {
            case ARGUMENTS -> command(path.name()).map(Command::argType);
            case RESULT -> command(path.name()).map(Command::retType);
            case EVENT_DATA -> event(path.name()).map(Event::argType);
        };
        for (String member : path.members()) {
            type = type.flatMap(t -> memberType(t, member));
        }
        return type.map(byName::get);
    }

    /** The type of member {@code member} in the (possibly array-wrapped or alternate) type {@code typeName}. */
    private Optional<String> memberType(String typeName, String member) {
        SchemaEntity type = byName.get(typeName);
        if (type instanceof ArrayType a) {
            return memberType(a.elementType(), member);
        }
        if (type instanceof AlternateType alt) {
            return alt.alternatives().stream().map(t -> memberType(t, member)).flatMap(Optional::stream).findFirst();
        }
        return member(typeName, member).map(ObjectMember::type);
    }

    /** An object's members, base first, then those of every variant (seen guards against a union that nests itself). */
    private Stream<ObjectMember> objectMembers(String typeName, Set<String> seen) {
        if (!seen.add(typeName) || !(byName.get(typeName) instanceof ObjectType o)) {
            return Stream.empty();
        }
        return Stream.concat(o.members().stream(), o.variants().stream().map(Variant::type).flatMap(t -> objectMembers(t, seen)));
    }

    private Set<String> namesOf(Class<? extends SchemaEntity> kind) {
        Set<String> names = new TreeSet<>();
        byName.values().stream().filter(kind::isInstance).forEach(e -> names.add(e.name()));
        return Collections.unmodifiableSet(names);
    }

    private void requireEveryReferenceDescribed() {
        List<String> dangling = new ArrayList<>();
        for (SchemaEntity e : byName.values()) {
            referencedTypes(e).filter(t -> !byName.containsKey(t)).forEach(t -> dangling.add(e.name() + " -> " + t));
        }
        if (!dangling.isEmpty()) {
            throw ServerSchemaDecoder.fail("", "type names referred to but not described: " + dangling + " (strict mode)");
        }
    }

    private static Stream<String> referencedTypes(SchemaEntity e) {
        if (e instanceof Command c) {
            return Stream.of(c.argType(), c.retType());
        }
        if (e instanceof Event ev) {
            return Stream.of(ev.argType());
        }
        if (e instanceof ArrayType a) {
            return Stream.of(a.elementType());
        }
        if (e instanceof AlternateType a) {
            return a.alternatives().stream();
        }
        if (e instanceof ObjectType o) {
            return Stream.concat(o.members().stream().map(ObjectMember::type), o.variants().stream().map(Variant::type));
        }
        return Stream.empty();
    }

    @Override
    public String toString() {
        return "ServerSchema[" + commandNames().size() + " commands, " + eventNames().size() + " events, " + byName.size() + " entries]";
    }
}
