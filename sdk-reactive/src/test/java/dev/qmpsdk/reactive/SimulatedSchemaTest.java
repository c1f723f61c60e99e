package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpUnsupportedCommandException;
import dev.qmpsdk.core.introspection.SchemaChange.Change;
import dev.qmpsdk.core.introspection.SchemaChange.Subject;
import dev.qmpsdk.core.introspection.SchemaDiff;
import dev.qmpsdk.core.introspection.SchemaPath;
import dev.qmpsdk.core.introspection.ServerCapabilities;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.migration.MigrationCapability;
import dev.qmpsdk.testkit.SimulatedSchema;
import dev.qmpsdk.testkit.SimulatedVm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A simulated VM presenting a schema other than the compiled one: capability checks, the diff and the pre-send check without QEMU. */
class SimulatedSchemaTest {
    private static final SchemaPath MIGRATION_CAPABILITY =
            SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability");
    private static final SimulatedSchema NEWER = SimulatedSchema.compiled()
            .withoutCommand("query-cpus")
            .withoutArgument("block-dirty-bitmap-add", "autoload")
            .withEnumValue(MIGRATION_CAPABILITY, "multifd")
            .withCommandFeature("drive-backup", "deprecated");

    @Test
    void theClientSeesThePresentedSchema() {
        try (SimulatedVm vm = SimulatedVm.start("newer", NEWER)) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(vm.socketPath()).strict(true).checkAgainstServer(true).build()).block(T);
            assertNotNull(client);
            try {
                ServerSchema schema = client.serverSchema().block(T);
                ServerCapabilities server = ServerCapabilities.of(schema);
                assertFalse(server.has(QmpCommands.QUERY_CPUS));
                assertFalse(server.hasArgument(QmpCommands.BLOCK_DIRTY_BITMAP_ADD, "autoload"));
                assertTrue(server.hasValue(MIGRATION_CAPABILITY, MigrationCapability.of("multifd")));
                assertTrue(server.features(QmpCommands.DRIVE_BACKUP).deprecated());

                SchemaDiff diff = SchemaDiff.between(ServerSchema.decode(SimulatedSchema.compiled().answer(), true), schema);
                assertEquals(List.of(
                        "member block-dirty-bitmap-add/arg-type/autoload: missing on the server",
                        "command drive-backup: deprecated by the server",
                        "enum value migrate-set-capabilities/arg-type/capabilities/capability/multifd: only on the server",
                        "command query-cpus: missing on the server"),
                        diff.changes().stream().map(Object::toString).toList());

                assertThrows(QmpUnsupportedCommandException.class, () -> client.queryCpus().block(T));
                assertEquals("running", client.queryStatus().block(T).status().wireName(), "what the schema has still works");
                assertFalse(vm.server().received().stream().anyMatch(r -> r.command().equals("query-cpus")), "query-cpus was never sent");
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void withoutTheCheckATypedCommandTheServerLacksFailsWithTheHint() {
        try (SimulatedVm vm = SimulatedVm.start("newer", NEWER)) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(vm.socketPath()).build()).block(T);
            assertNotNull(client);
            try {
                QmpCommandException e = assertThrows(QmpCommandException.class, () -> client.queryCpus().block(T));
                assertTrue(e.isCommandNotFound(), e.getMessage());
                assertEquals("7.2.0", e.serverVersion());
                assertTrue(e.getMessage().contains("the server (QEMU 7.2.0) does not have this command: a newer QEMU removed or renamed it"),
                        e.getMessage());
                assertEquals(1, vm.server().received().stream().filter(r -> r.command().equals("query-cpus")).count(), "sent: no check asked for");
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aFleetWideCheckAppliesToEveryVmWhoseOptionsDoNotSayOtherwise() {
        QmpFleet fleet = QmpFleet.create(QmpFleetDefaults.NONE.checkAgainstServer(true));
        try (SimulatedVm a = SimulatedVm.start("a", NEWER); SimulatedVm b = SimulatedVm.start("b", NEWER); SimulatedVm c = SimulatedVm.start("c", NEWER)) {
            fleet.add("a", QmpClientOptions.unix(a.socketPath()).build()).block(T);
            // mutate() keeps that b's options said false: the fleet's default does not override it.
            fleet.add("b", QmpClientOptions.unix(b.socketPath()).checkAgainstServer(false).build().mutate().strict(true).build()).block(T);
            fleet.add("c", QmpClientOptions.unix(c.socketPath()).checkAgainstServer(true).build()).block(T);

            QmpUnsupportedCommandException refused = assertThrows(QmpUnsupportedCommandException.class, () -> fleet.vm("a").queryCpus().block(T));
            assertEquals("query-cpus", refused.command());
            assertFalse(a.server().received().stream().anyMatch(r -> r.command().equals("query-cpus")), "the fleet's default: not sent");
            QmpCommandException answered = assertThrows(QmpCommandException.class, () -> fleet.vm("b").queryCpus().block(T));
            assertTrue(answered.isCommandNotFound(), answered.getMessage());
            assertThrows(QmpUnsupportedCommandException.class, () -> fleet.vm("c").queryCpus().block(T));
            assertFalse(fleet.defaults().checkAgainstServer(false).checkAgainstServer());
            assertTrue(fleet.defaults().checkAgainstServer(), "a step returns a copy; the fleet's defaults stay");
        } finally {
            fleet.close().block(T);
        }
    }

    @Test
    void aRenamedCommandIsOneTheModelLacks() {
        ServerSchema compiled = ServerSchema.decode(SimulatedSchema.compiled().answer(), true);
        ServerSchema renamed = ServerSchema.decode(SimulatedSchema.compiled().withRenamedCommand("query-cpus", "query-cpus-fast").answer(), true);
        assertTrue(renamed.command("query-cpus").isEmpty());
        assertEquals(compiled.command("query-cpus").orElseThrow().retType(), renamed.command("query-cpus-fast").orElseThrow().retType());
        assertEquals(List.of("command query-cpus: missing on the server", "command query-cpus-fast: only on the server"),
                SchemaDiff.between(compiled, renamed).changes().stream().map(Object::toString).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatedSchema.compiled().withRenamedCommand("query-cpus", "query-status"));
        assertEquals("this schema already has a command query-status", e.getMessage());
    }

    @Test
    void aChangeThatDoesNotFitTheSchemaSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatedSchema.compiled().withoutArgument("query-status", "bogus"));
        assertEquals("command query-status has no argument bogus in this schema", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatedSchema.compiled().withEnumValue(SchemaPath.result(QmpCommands.QUERY_STATUS), "x"));
    }
}
