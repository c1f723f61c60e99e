package dev.qmpsdk.reactive;

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
import dev.qmpsdk.core.introspection.ServerCapabilities;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.testkit.QemuProcess;
import dev.qmpsdk.testkit.SimulatedVm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated introspection (computed from the 2.11.2 schema) against the real one of the installed QEMU 7.2:
 * the masked names differ, but for commands both versions share unchanged, following the names must give the
 * same members, optionality and JSON types. This pins the generator's rules to what QEMU really answers.
 */
class QemuSchemaComparisonIT {
    private static final Duration T = Duration.ofSeconds(15);

    private static QemuProcess qemu;
    private static SchemaShapes real;
    private static SchemaShapes simulated;

    @BeforeAll
    static void askBoth() {
        QemuProcess.requireInstalled();
        qemu = QemuProcess.builder().qmpUnixSocket().start();
        real = new SchemaShapes(queryQmpSchema(QmpClientOptions.unix(qemu.socketPath()).build()));
        try (SimulatedVm vm = SimulatedVm.start("compare")) {
            simulated = new SchemaShapes(queryQmpSchema(QmpClientOptions.unix(vm.socketPath()).build()));
        }
    }

    @AfterAll
    static void stopQemu() {
        if (qemu != null) {
            qemu.close();
        }
    }

    private static List<SchemaInfo> queryQmpSchema(QmpClientOptions options) {
        QmpClient client = QmpClient.connect(options).block(T);
        assertNotNull(client);
        try {
            List<SchemaInfo> schema = client.queryQmpSchema().block(T);
            assertNotNull(schema);
            return schema;
        } finally {
            client.close().block(T);
        }
    }

    @Test
    void theServerSchemaOfQemu72DecodesStrictlyAndKnowsWhatItLacks() {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).strict(true).build()).block(T);
        assertNotNull(client);
        try {
            ServerCapabilities server = ServerCapabilities.of(client.serverSchema().block(T));
            assertFalse(server.has(QmpCommands.QUERY_CPUS), "QEMU 6.0 removed query-cpus");
            assertTrue(server.schema().command("query-cpus-fast").isPresent());
            assertTrue(server.features(QmpCommands.DRIVE_BACKUP).deprecated());
            assertEquals(real.commandNames(), server.schema().commandNames(), "the same commands as the typed answer");
        } finally {
            client.close().block(T);
        }
    }

    @Test
    void theDiffAgainstTheCompiledModelNamesWhatQemu72RemovedAndAdded() {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
        assertNotNull(client);
        try {
            ServerSchema model = ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8), true);
            SchemaDiff diff = SchemaDiff.between(model, client.serverSchema().block(T));
            assertTrue(diff.contains(Subject.COMMAND, Change.MISSING, "query-cpus"), diff.toText());
            assertTrue(diff.contains(Subject.COMMAND, Change.ADDED, "query-cpus-fast"));
            assertTrue(diff.contains(Subject.MEMBER, Change.MISSING, "block-dirty-bitmap-add/arg-type/autoload"));
            assertTrue(diff.contains(Subject.MEMBER, Change.TYPE_CHANGED, "query-target/ret-type/arch"), "str -> enum");
        } finally {
            client.close().block(T);
        }
    }

    @Test
    void withoutTheCheckQemu72sCommandNotFoundCarriesTheHint() {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
        assertNotNull(client);
        try {
            QmpCommandException e = assertThrows(QmpCommandException.class, () -> client.queryCpus().block(T));
            assertTrue(e.isCommandNotFound(), e.getMessage());
            assertTrue(e.serverVersion() != null && e.serverVersion().startsWith("7.2."), e.getMessage());
            assertTrue(e.getMessage().contains("The command query-cpus has not been found; the server (QEMU 7.2."), e.getMessage());
            assertTrue(e.getMessage().contains("does not have this command: a newer QEMU removed or renamed it"), e.getMessage());
        } finally {
            client.close().block(T);
        }
    }

    @Test
    void thePreSendCheckRefusesARemovedCommandWithoutSendingIt() {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).checkAgainstServer(true).build()).block(T);
        assertNotNull(client);
        try {
            assertNotNull(client.queryStatus().block(T), "a command 7.2 has goes through (after the schema was fetched)");
            long sent = client.stats().commandsSent();
            QmpUnsupportedCommandException e = assertThrows(QmpUnsupportedCommandException.class, () -> client.queryCpus().block(T));
            assertEquals("query-cpus", e.command());
            assertTrue(e.serverVersion().startsWith("7.2."), e.serverVersion());
            assertEquals(sent, client.stats().commandsSent(), "nothing was sent");
        } finally {
            client.close().block(T);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"query-status", "stop", "cont", "query-name", "query-version", "system_reset", "query-kvm"})
    void sharedCommandsHaveTheSameShape(String command) {
        SchemaInfo.Command sim = simulated.command(command);
        SchemaInfo.Command qemu72 = real.command(command);
        assertEquals(real.of(qemu72.data().argType()), simulated.of(sim.data().argType()), command + " arguments");
        assertEquals(real.of(qemu72.data().retType()), simulated.of(sim.data().retType()), command + " result");
    }

    @Test
    void shapesAreWhatTheSchemasSay() {
        assertEquals("{*name: string}", simulated.of(simulated.command("query-name").data().retType()), "optional: default null");
        assertEquals("{package: string, qemu: {major: int, micro: int, minor: int}}",
                simulated.of(simulated.command("query-version").data().retType()));
        assertEquals("{}", real.of(real.command("stop").data().argType()));
    }

    @Test
    void everyRunStateOf2112IsStillOneIn72() {
        String simStatus = statusEnum(simulated);
        String realStatus = statusEnum(real);
        List<String> values72 = real.enumValues(realStatus);
        assertTrue(values72.containsAll(simulated.enumValues(simStatus)), simulated.enumValues(simStatus) + " vs " + values72);
    }

    /** The masked name of StatusInfo's 'status' member type (RunState) in one answer. */
    private static String statusEnum(SchemaShapes shapes) {
        return shapes.memberType(shapes.command("query-status").data().retType(), "status");
    }
}
