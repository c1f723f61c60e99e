package dev.qmpsdk.core.introspection;

import dev.qmpsdk.core.protocol.CommandDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a type sits in a server schema, the way libvirt writes its capability queries: a command's arguments or
 * result, or an event's data, followed by member wire names. Type names cannot say it: QEMU masks them.
 *
 * <pre>{@code
 * SchemaPath formats = SchemaPath.result(QmpCommands.QUERY_DUMP_GUEST_MEMORY_CAPABILITY).member("formats");
 * formats.toString();   // query-dump-guest-memory-capability/ret-type/formats
 * }</pre>
 *
 * @param root where the path starts
 * @param name the command or event wire name
 * @param members member wire names followed from there (arrays and alternates are looked through)
 */
public record SchemaPath(Root root, String name, List<String> members) {
    /** The three places a path can start. */
    public enum Root {
        ARGUMENTS("arg-type"), RESULT("ret-type"), EVENT_DATA("arg-type");

        private final String wireName;

        Root(String wireName) {
            this.wireName = wireName;
        }
    }

    public SchemaPath {
        members = List.copyOf(members);
    }

    /** The arguments of a command. */
    public static SchemaPath arguments(CommandDescriptor<?, ?> command) {
        return new SchemaPath(Root.ARGUMENTS, command.name(), List.of());
    }

    /** The result of a command. */
    public static SchemaPath result(CommandDescriptor<?, ?> command) {
        return new SchemaPath(Root.RESULT, command.name(), List.of());
    }

    /** The data of an event, by wire name ({@code "SHUTDOWN"}). */
    public static SchemaPath eventData(String eventName) {
        return new SchemaPath(Root.EVENT_DATA, eventName, List.of());
    }

    /** This path followed by the member {@code wireName}. */
    public SchemaPath member(String wireName) {
        List<String> longer = new ArrayList<>(members);
        longer.add(wireName);
        return new SchemaPath(root, name, longer);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('/').append(root.wireName);
        members.forEach(m -> sb.append('/').append(m));
        return sb.toString();
    }
}
