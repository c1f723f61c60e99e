package dev.qmpsdk.core.introspection;

import dev.qmpsdk.core.codec.QapiEnum;
import dev.qmpsdk.core.introspection.SchemaEntity.AlternateType;
import dev.qmpsdk.core.introspection.SchemaEntity.ArrayType;
import dev.qmpsdk.core.introspection.SchemaEntity.Builtin;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumMember;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumType;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Capability questions about one server asked in terms of the compiled model: does it have this command descriptor,
 * this argument member, this event class, this enum value, and does it mark any of them {@code deprecated} or
 * {@code unstable}. Answers come from the server's {@link ServerSchema} and follow QEMU's introspection rules: names
 * are followed from the command or event, never by (masked) type name; members of a union's variants count; a member
 * whose type widened from {@code str} to an enum, or from a type to an alternate, still answers.
 *
 * <pre>{@code
 * ServerCapabilities server = ServerCapabilities.of(schema);
 * server.has(QmpCommands.QUERY_CPUS);                                     // false on QEMU 6.0 and later
 * server.hasArgument(QmpCommands.BLOCKDEV_ADD, "discard");                // true
 * server.hasValue(SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability"),
 *         MigrationCapability.of("multifd"));                               // true on QEMU 4.0 and later
 * server.features(QmpCommands.DRIVE_BACKUP).deprecated();                  // true on QEMU 6.2 and later
 * }</pre>
 */
public final class ServerCapabilities {
    private final ServerSchema schema;

    private ServerCapabilities(ServerSchema schema) {
        this.schema = schema;
    }

    public static ServerCapabilities of(ServerSchema schema) {
        return new ServerCapabilities(schema);
    }

    /** The schema these answers come from. */
    public ServerSchema schema() {
        return schema;
    }

    /** Whether the server has the command, by its wire name. */
    public boolean has(CommandDescriptor<?, ?> command) {
        return schema.command(command.name()).isPresent();
    }

    /** Whether the server's command takes the argument member {@code wireName} (a union's variant members count). */
    public boolean hasArgument(CommandDescriptor<?, ?> command, String wireName) {
        return schema.argument(command.name(), wireName).isPresent();
    }

    /** Whether the server has the event of this wire name ({@code "SHUTDOWN"}). */
    public boolean hasEvent(String wireName) {
        return schema.event(wireName).isPresent();
    }

    /** Whether the server has the event of this generated class (by its {@code NAME}). */
    public boolean hasEvent(Class<? extends QmpEvent> eventClass) {
        return hasEvent(eventName(eventClass));
    }

    /**
     * Whether the server accepts {@code value} where {@code path} leads: the enum there has it, or the member is a plain
     * string there (an older server, before it widened to an enum), or an alternate there has such an enum or string
     * alternative. False when the command, event or a member on the way is not there. Arrays are looked through.
     */
    public boolean hasValue(SchemaPath path, QapiEnum value) {
        return hasValue(path, value.wireName());
    }

    /** {@link #hasValue(SchemaPath, QapiEnum)} by wire value. */
    public boolean hasValue(SchemaPath path, String wireValue) {
        return schema.typeAt(path).map(t -> accepts(t, wireValue)).orElse(false);
    }

    /** The features of the server's command; {@link Features#NONE} when it has none or lacks the command. */
    public Features features(CommandDescriptor<?, ?> command) {
        return schema.command(command.name()).map(SchemaEntity::features).orElse(Features.NONE);
    }

    /** The features of the server's argument member; {@link Features#NONE} when it has none or lacks the member. */
    public Features argumentFeatures(CommandDescriptor<?, ?> command, String wireName) {
        return schema.argument(command.name(), wireName).map(ObjectMember::features).orElse(Features.NONE);
    }

    /** The features of the server's event; {@link Features#NONE} when it has none or lacks the event. */
    public Features eventFeatures(Class<? extends QmpEvent> eventClass) {
        return schema.event(eventName(eventClass)).map(SchemaEntity::features).orElse(Features.NONE);
    }

    /** The features the server lists for an enum value where {@code path} leads; {@link Features#NONE} when none. */
    public Features valueFeatures(SchemaPath path, QapiEnum value) {
        return schema.typeAt(path).flatMap(t -> enumMember(t, value.wireName())).map(EnumMember::features).orElse(Features.NONE);
    }

    /** A string fits an enum that has it, a plain {@code str} (not yet an enum there) and {@code any}. */
    private boolean accepts(SchemaEntity type, String wireValue) {
        return candidates(type).stream().anyMatch(t -> t instanceof Builtin b
                ? b.jsonType().equals("string") || b.jsonType().equals("value")
                : t instanceof EnumType e && e.member(wireValue).isPresent());
    }

    private Optional<EnumMember> enumMember(SchemaEntity type, String wireValue) {
        return candidates(type).stream().filter(EnumType.class::isInstance).map(EnumType.class::cast)
                .flatMap(e -> e.member(wireValue).stream()).findFirst();
    }

    /** The type itself, an array's element, an alternate's alternatives. */
    private List<SchemaEntity> candidates(SchemaEntity type) {
        List<SchemaEntity> found = new ArrayList<>();
        collect(type, found, new HashSet<>());
        return found;
    }

    private void collect(SchemaEntity type, List<SchemaEntity> found, Set<String> seen) {
        if (!seen.add(type.name())) {
            return;
        }
        if (type instanceof ArrayType a) {
            schema.entity(a.elementType()).ifPresent(e -> collect(e, found, seen));
        } else if (type instanceof AlternateType alt) {
            alt.alternatives().forEach(n -> schema.entity(n).ifPresent(e -> collect(e, found, seen)));
        } else {
            found.add(type);
        }
    }

    /** Generated event classes carry their wire name as {@code public static final String NAME}. */
    static String eventName(Class<? extends QmpEvent> eventClass) {
        try {
            Field name = eventClass.getField("NAME");
            if (Modifier.isStatic(name.getModifiers()) && name.getType() == String.class) {
                return (String) name.get(null);
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // reported below
        }
        throw new IllegalArgumentException(eventClass.getName() + " is not a generated event class: it has no public static String NAME"
                + " holding its wire name; ask hasEvent(String) instead");
    }

    @Override
    public String toString() {
        return "ServerCapabilities[" + schema + "]";
    }
}
