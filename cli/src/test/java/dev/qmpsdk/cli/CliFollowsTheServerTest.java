package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.SchemaPath;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedSchema;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code exec} and {@code shell} follow the schema of the QEMU they talk to, here a simulated one that renamed
 * {@code query-cpus} to {@code query-cpus-fast} and {@code block_resize} to {@code block-resize} (commands the compiled
 * 2.11.2 model lacks), knows a migration capability 2.11.2 lacks, dropped an argument and deprecates a command.
 */
class CliFollowsTheServerTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final SchemaPath MIGRATION_CAPABILITY =
            SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability");
    private static final SimulatedSchema NEWER = SimulatedSchema.compiled()
            .withRenamedCommand("query-cpus", "query-cpus-fast")
            .withRenamedCommand("block_resize", "block-resize")
            .withEnumValue(MIGRATION_CAPABILITY, "multifd")
            .withoutArgument("human-monitor-command", "cpu-index")
            .withCommandFeature("query-name", "deprecated");

    private static SimulatedVm vm;
    private static String socket;

    @BeforeAll
    static void startVm() {
        vm = SimulatedVm.start("newer", NEWER);
        vm.server().on("query-cpus-fast", Reply.ok("[{\"cpu-index\": 0, \"target\": \"x86_64\"}]"));
        vm.server().on("block-resize", Reply.ok("{}"));
        vm.server().on("migrate-set-capabilities", Reply.ok("{}"));
        vm.server().on("human-monitor-command", Reply.ok("\"ok\""));
        socket = vm.socketPath().toString();
    }

    @AfterAll
    static void stopVm() {
        vm.close();
    }

    @BeforeEach
    void forgetRequests() {
        vm.server().clearReceived();
    }

    private static boolean sent(String command) {
        return vm.server().received().stream().anyMatch(r -> r.command().equals(command));
    }

    private static JsonNode sentArguments(String command) {
        List<QmpRequest> sent = vm.server().received().stream().filter(r -> r.command().equals(command)).toList();
        assertEquals(1, sent.size(), "one " + command + " sent: " + vm.server().received());
        return sent.get(0).arguments();
    }

    @Test
    void aCommandNewerThanTheModelRunsWithoutRaw() throws Exception {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-cpus-fast");
        assertEquals(0, r.code(), r.toString());
        assertEquals("x86_64", QapiJson.TREE_MAPPER.readTree(r.out()).get(0).get("target").asText(), r.toString());
        assertEquals("", r.err(), "no warning: the server's schema has it");
    }

    @Test
    void argumentsOfACommandNewerThanTheModelAreCheckedAgainstTheServer() throws Exception {
        CliRun unknown = CliRun.of("exec", "--socket", socket, "block-resize", "node-name=disk0", "size=1024", "bogus=1");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("invalid arguments for 'block-resize': unknown argument 'bogus'"), unknown.toString());
        assertTrue(unknown.err().contains("valid arguments: device, node-name, size (required) (the server's schema, QEMU 7.2.0)"), unknown.toString());

        CliRun missing = CliRun.of("exec", "--socket", socket, "block-resize", "node-name=disk0");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("missing required argument 'size'"), missing.toString());

        CliRun wrongKind = CliRun.of("exec", "--socket", socket, "block-resize", "node-name=disk0", "size=big");
        assertEquals(2, wrongKind.code(), wrongKind.toString());
        assertTrue(wrongKind.err().contains("size: expected an integer, got \"big\""), wrongKind.toString());
        assertFalse(sent("block-resize"), "nothing wrong was sent: " + vm.server().received());

        // node-name=123 parses as a number; the server's schema wants a string, so the text typed is sent.
        CliRun ok = CliRun.of("exec", "--socket", socket, "block-resize", "node-name=123", "size=1024");
        assertEquals(0, ok.code(), ok.toString());
        assertEquals(QapiJson.TREE_MAPPER.readTree("{\"node-name\": \"123\", \"size\": 1024}"), sentArguments("block-resize"));
    }

    @Test
    void aCommandTheServerLacksFailsLocallyWithTheHint() {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-cpus");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("'query-cpus' was not sent: the server (QEMU 7.2.0) does not have this command"
                + " (it is in the 2.11.2 schema: newer QEMUs removed or renamed it); did you mean query-cpus-fast?"), r.toString());
        assertFalse(sent("query-cpus"));

        CliRun typo = CliRun.of("exec", "--socket", socket, "query-cpus-fats");
        assertEquals(2, typo.code(), typo.toString());
        assertTrue(typo.err().contains("unknown command 'query-cpus-fats': neither the server (QEMU 7.2.0) nor the QEMU 2.11.2 schema has it;"
                + " did you mean query-cpus-fast?"), typo.toString());
    }

    @Test
    void theTypedApiGivesTheHintTheCliGives() {
        CliRun cli = CliRun.of("exec", "--socket", socket, "query-cpus");
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(vm.socketPath()).build()).block(T);
        assertNotNull(client);
        try {
            QmpCommandException typed = assertThrows(QmpCommandException.class, () -> client.queryCpus().block(T));
            for (String hint : List.of("the server (QEMU 7.2.0) does not have this command", "removed or renamed")) {
                assertTrue(cli.err().contains(hint), cli.toString());
                assertTrue(typed.getMessage().contains(hint), typed.getMessage());
            }
        } finally {
            client.close().block(T);
        }
    }

    @Test
    void whereTheSchemasDisagreeTheServerDecides() {
        // multifd is newer than 2.11.2 (strict decoding of the model rejects it); this server lists it.
        CliRun newer = CliRun.of("exec", "--socket", socket, "--json", "{\"capabilities\": [{\"capability\": \"multifd\", \"state\": true}]}",
                "migrate-set-capabilities");
        assertEquals(0, newer.code(), newer.toString());
        assertEquals("multifd", sentArguments("migrate-set-capabilities").at("/capabilities/0/capability").asText());

        CliRun neither = CliRun.of("exec", "--socket", socket, "--json", "{\"capabilities\": [{\"capability\": \"warp\", \"state\": true}]}",
                "migrate-set-capabilities");
        assertEquals(2, neither.code(), neither.toString());
        assertTrue(neither.err().contains("capabilities.0.capability: 'warp' is not one of ["), neither.toString());

        // cpu-index is in 2.11.2 but not on this server.
        CliRun removed = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info", "cpu-index=0");
        assertEquals(2, removed.code(), removed.toString());
        assertTrue(removed.err().contains("unknown argument 'cpu-index'"), removed.toString());
        assertEquals(1, vm.server().received().stream().filter(q -> q.command().equals("migrate-set-capabilities")).count());
        assertFalse(sent("human-monitor-command"));
    }

    @Test
    void whatTheServerDeprecatesIsRunWithAWarning() {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-name");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("warning: 'query-name' is deprecated on this server (QEMU 7.2.0): a later QEMU may remove it"), r.toString());
    }

    @Test
    void theShellListsChecksAndCompletesTheServersCommands() {
        String input = String.join("\n",
                "commands",
                "help block-resize",
                "query-cpus-fast",
                "block-resize node-name=d0",
                "query-cpus");
        CliRun r = CliRun.withInput(input, "shell", "--socket", socket, "--no-events");
        assertEquals(1, r.code(), "query-cpus failed last:\n" + r);
        assertTrue(r.out().contains("query-cpus-fast") && !r.out().matches("(?s).*\\bquery-cpus\\s.*"), r.toString());
        assertTrue(r.out().contains("block-resize: valid arguments: device, node-name, size (required)"), r.toString());
        assertTrue(r.out().contains("[{\"cpu-index\":0,\"target\":\"x86_64\"}]"), r.toString());
        assertTrue(r.err().contains("error: invalid arguments for 'block-resize': missing required argument 'size'"), r.toString());
        assertTrue(r.err().contains("error: 'query-cpus' was not sent: the server (QEMU 7.2.0) does not have this command"), r.toString());

        ShellCompleter completer = ShellCompleter.qmp(CliServerSchema.of(ServerSchema.decode(NEWER.answer(), true), "7.2.0").completion(), () -> false);
        assertEquals(List.of("query-cpus-fast"), completer.candidates(List.of(), "query-cpus"));
        assertEquals(List.of("size="), completer.candidates(List.of("block-resize", "node-name=d0"), "s"));
    }

    @Test
    void aServerWithoutASchemaLeavesTheCompiledOne() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            server.on("query-name", Reply.ok("{\"name\": \"old\"}"));
            CliRun known = CliRun.of("exec", "--socket", server.socketPath().toString(), "query-name");
            assertEquals(0, known.code(), known.toString());
            CliRun newer = CliRun.of("exec", "--socket", server.socketPath().toString(), "query-cpus-fast");
            assertEquals(2, newer.code(), newer.toString());
            assertTrue(newer.err().contains("unknown command 'query-cpus-fast': it is not in the QEMU 2.11.2 schema")
                    && newer.err().contains("--raw"), newer.toString());
        }
    }
}
