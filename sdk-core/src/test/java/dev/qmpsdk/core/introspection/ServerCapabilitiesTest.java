package dev.qmpsdk.core.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import dev.qmpsdk.core.qapi.migration.MigrationCapability;
import dev.qmpsdk.core.qapi.misc.MemUnplugErrorEvent;
import dev.qmpsdk.core.qapi.runstate.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Capability questions in terms of the compiled model, against the real QEMU 7.2 answer, the compiled 2.11.2 answer
 * and small simulated schemas for the introspection rules 7.2 does not show (widened types).
 */
class ServerCapabilitiesTest {
    private static final ServerCapabilities QEMU_72 = ServerCapabilities.of(ServerSchema.decode(Qemu72SchemaAnswer.load(), true));
    private static final ServerCapabilities COMPILED = ServerCapabilities.of(
            ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8), true));
    private static final SchemaPath MIGRATION_CAPABILITY =
            SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability");

    @Test
    void aServerBuiltFromTheCompiledSchemaHasEverythingItDescribes() {
        for (CommandDescriptor<?, ?> command : QmpCommands.ALL) {
            assertTrue(COMPILED.has(command), command.name());
        }
        for (String event : QmpEvents.REGISTRY.names()) {
            Class<? extends QmpEvent> type = QmpEvents.REGISTRY.type(event);
            assertTrue(type != null && COMPILED.hasEvent(type), event);
        }
        for (MigrationCapability value : MigrationCapability.knownValues()) {
            assertTrue(COMPILED.hasValue(MIGRATION_CAPABILITY, value), value.wireName());
        }
    }

    @Test
    void qemu72LacksTheCommandsAndMembersItRemovedAndHasTheNewOnes() {
        assertFalse(QEMU_72.has(QmpCommands.QUERY_CPUS), "removed in QEMU 6.0");
        assertTrue(QEMU_72.has(CommandDescriptor.builder("query-cpus-fast").build()), "added in 2.12: no descriptor in the compiled model, one built by hand");
        assertTrue(QEMU_72.hasArgument(QmpCommands.BLOCK_DIRTY_BITMAP_ADD, "persistent"));
        assertFalse(QEMU_72.hasArgument(QmpCommands.BLOCK_DIRTY_BITMAP_ADD, "autoload"), "removed in QEMU 6.0");
        assertTrue(COMPILED.hasArgument(QmpCommands.BLOCK_DIRTY_BITMAP_ADD, "autoload"));
        assertFalse(QEMU_72.hasArgument(QmpCommands.QUERY_CPUS, "anything"), "no command, no member");
        assertTrue(QEMU_72.hasArgument(QmpCommands.BLOCKDEV_ADD, "filename"), "a member of a variant (file) of the union");
        assertTrue(QEMU_72.hasEvent(ShutdownEvent.class));
        assertTrue(QEMU_72.hasEvent("MEMORY_DEVICE_SIZE_CHANGE"), "an event newer than 2.11.2");
        assertFalse(QEMU_72.hasEvent("NO_SUCH_EVENT"));
    }

    @Test
    void qemu72EnumValuesFollowTheServerNotTheCompiledModel() {
        MigrationCapability multifd = MigrationCapability.of("multifd");
        assertFalse(multifd.isKnown(), "2.11.2 called it x-multifd");
        assertTrue(QEMU_72.hasValue(MIGRATION_CAPABILITY, multifd));
        assertFalse(QEMU_72.hasValue(MIGRATION_CAPABILITY, MigrationCapability.X_MULTIFD));
        assertFalse(COMPILED.hasValue(MIGRATION_CAPABILITY, multifd));
        assertFalse(QEMU_72.hasValue(SchemaPath.arguments(QmpCommands.QUERY_CPUS).member("x"), multifd), "nothing there");
    }

    @Test
    void qemu72SaysWhatIsDeprecatedOrUnstable() {
        assertTrue(QEMU_72.features(QmpCommands.DRIVE_BACKUP).deprecated());
        assertFalse(COMPILED.features(QmpCommands.DRIVE_BACKUP).deprecated(), "2.11 lists no features");
        assertTrue(QEMU_72.argumentFeatures(QmpCommands.EJECT, "device").deprecated());
        assertFalse(QEMU_72.argumentFeatures(QmpCommands.EJECT, "force").deprecated());
        assertTrue(QEMU_72.eventFeatures(MemUnplugErrorEvent.class).deprecated());
        assertTrue(QEMU_72.valueFeatures(MIGRATION_CAPABILITY, MigrationCapability.X_COLO).unstable());
        assertEquals(Features.NONE, QEMU_72.features(QmpCommands.QUERY_CPUS), "a command the server lacks has no features");
    }

    @Test
    void widenedTypesStillAnswer() {
        // query-status's result: 'status' is a plain string here (an enum in the compiled model), 'running' is an
        // alternate of a bool and an object that has the member 'detail'.
        ServerCapabilities widened = ServerCapabilities.of(ServerSchema.decode("""
                [{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
                 {"name": "0", "meta-type": "object", "members": []},
                 {"name": "1", "meta-type": "object", "members": [{"name": "status", "type": "str"}, {"name": "running", "type": "2"}]},
                 {"name": "2", "meta-type": "alternate", "members": [{"type": "bool"}, {"type": "3"}]},
                 {"name": "3", "meta-type": "object", "members": [{"name": "detail", "type": "4", "default": null}]},
                 {"name": "4", "meta-type": "enum", "values": ["a", "b"]},
                 {"name": "str", "meta-type": "builtin", "json-type": "string"},
                 {"name": "bool", "meta-type": "builtin", "json-type": "boolean"}]""".getBytes(StandardCharsets.UTF_8), true));
        SchemaPath result = SchemaPath.result(QmpCommands.QUERY_STATUS);
        assertTrue(widened.hasValue(result.member("status"), "anything"), "a str member takes any value");
        assertTrue(widened.hasValue(result.member("running").member("detail"), "b"), "through the alternate's object");
        assertFalse(widened.hasValue(result.member("running").member("detail"), "c"));
        assertEquals("query-status/ret-type/running/detail", result.member("running").member("detail").toString());
    }

    @Test
    void aClassThatIsNotAGeneratedEventIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QEMU_72.hasEvent(QmpEvent.class));
        assertTrue(e.getMessage().contains("has no public static String NAME"), e.getMessage());
    }
}
