package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.QemuProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The qmp CLI against one real QEMU ({@code -machine none}) with two QMP monitors: one for {@code exec} and
 * {@code shell}, one for {@code events}. Fails, not skips, without QEMU.
 */
class CliQemuIT {
    private static QemuProcess qemu;
    private static String socket;
    private static String eventSocket;

    @BeforeAll
    static void startQemu() throws Exception {
        QemuProcess.requireInstalled();
        Path dir = Files.createTempDirectory("qmp-cli-");
        Path events = dir.resolve("events.qmp");
        qemu = QemuProcess.builder().extraArgs("-name", "cli-vm", "-qmp", "unix:" + events + ",server=on,wait=off").start();
        socket = qemu.socketPath().toString();
        eventSocket = events.toString();
        for (int i = 0; i < 100 && !Files.exists(events); i++) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stopQemu() {
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void execKeyValueAndJsonOnQemu() throws Exception {
        CliRun status = CliRun.of("exec", "--socket", socket, "query-status");
        assertEquals(0, status.code(), status.toString());
        JsonNode s = QapiJson.TREE_MAPPER.readTree(status.out());
        assertTrue(s.has("status") && s.has("running"), status.toString());

        CliRun hmp = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info version");
        assertEquals(0, hmp.code(), hmp.toString());
        assertTrue(hmp.out().startsWith("\"7."), hmp.toString());

        CliRun json = CliRun.of("exec", "--socket", socket, "--json", "{\"command-line\": \"info name\"}", "human-monitor-command");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().contains("cli-vm"), json.toString());
    }

    @Test
    void execPassesAFileWithGetfdForMigrateToFd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (QemuProcess own = QemuProcess.builder().qmpUnixSocket().start()) {
            java.nio.file.Path stream = dir.resolve("vm.mig");
            CliRun migrate = CliRun.of("exec", "--socket", own.socketPath().toString(), "--fd", "mig=" + stream, "migrate", "uri=fd:mig");
            assertEquals(0, migrate.code(), migrate.toString());
            String status = "";
            for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end && !status.contains("completed"); Thread.sleep(20)) {
                status = CliRun.of("exec", "--socket", own.socketPath().toString(), "query-migrate").out();
            }
            assertTrue(status.contains("\"completed\""), status);
            assertTrue(java.nio.file.Files.size(stream) > 0, "the migration stream reached the file passed with --fd");

            CliRun bad = CliRun.of("exec", "--socket", own.socketPath().toString(), "--fd", "nopath", "query-status");
            assertEquals(2, bad.code(), bad.toString());
            assertTrue(bad.err().contains("--fd wants NAME=PATH"), bad.toString());
            CliRun refused = CliRun.of("exec", "--socket", own.socketPath().toString(), "--fd", "1x=" + stream, "query-status");
            assertEquals(1, refused.code(), refused.toString());
            assertTrue(refused.err().contains("--fd 1x=") && refused.err().contains("QEMU refused it"), refused.toString());
        }
    }

    @Test
    void schemaDiffOnQemu72PrintsWhatTheReadmeShows() {
        CliRun diff = CliRun.of("schema-diff", "--socket", socket);
        assertEquals(0, diff.code(), diff.toString());
        assertTrue(diff.out().startsWith("server QEMU 7.2."), diff.toString());
        for (String line : new String[] {"349 differences {added=297, deprecated=12, missing=28, now-optional=1, type-changed=5, unstable=6}",
                "command query-cpus: missing on the server", "command query-cpus-fast: only on the server",
                "member block-dirty-bitmap-add/arg-type/autoload: missing on the server",
                "member query-target/ret-type/arch: type changed (str -> enum)"}) {
            assertTrue(diff.out().contains(line + "\n") || diff.out().contains(line + "\r\n"), line + " not in:\n" + diff.out());
        }
    }

    @Test
    void schemaErrorsAreCaughtBeforeQemuSeesThem() {
        CliRun unknown = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info", "bogus=1");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown argument 'bogus'") && unknown.err().contains("valid arguments: command-line (required), cpu-index"),
                unknown.toString());
        CliRun missing = CliRun.of("exec", "--socket", socket, "human-monitor-command");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("missing required argument 'command-line'"), missing.toString());
    }

    @Test
    void aCommandQemu72DroppedIsExitOneWithTheHintAndNotSent() {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-cpus");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("'query-cpus' was not sent: the server (QEMU 7.2."), r.toString());
        assertTrue(r.err().contains("does not have this command (it is in the 2.11.2 schema: newer QEMUs removed or renamed it); did you mean query-cpus-fast?"),
                r.toString());
        assertFalse(r.err().contains("CommandNotFound"), "refused from the schema, not by QEMU:\n" + r);
    }

    @Test
    void aCommandNewerThan2112RunsWithoutRaw() throws Exception {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-cpus-fast");
        assertEquals(0, r.code(), r.toString());
        JsonNode cpus = QapiJson.TREE_MAPPER.readTree(r.out());
        assertTrue(cpus.isArray(), r.toString());
        assertEquals("", r.err(), "no warning: QEMU 7.2's schema has it");
    }

    @Test
    void argumentsOfAQemu72OnlyCommandAreCheckedBeforeQemuSeesThem() {
        // calc-dirty-rate (QEMU 5.2): calc-time is a required int, mode an enum; 2.11.2 has no such command.
        CliRun unknown = CliRun.of("exec", "--socket", socket, "calc-dirty-rate", "calc-time=1", "bogus=1");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("invalid arguments for 'calc-dirty-rate': unknown argument 'bogus'"), unknown.toString());
        assertTrue(unknown.err().contains("valid arguments: calc-time (required), sample-pages, mode (the server's schema, QEMU 7.2."), unknown.toString());
        CliRun missing = CliRun.of("exec", "--socket", socket, "calc-dirty-rate", "sample-pages=256");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("missing required argument 'calc-time'"), missing.toString());
        CliRun wrongKind = CliRun.of("exec", "--socket", socket, "calc-dirty-rate", "calc-time=soon");
        assertEquals(2, wrongKind.code(), wrongKind.toString());
        assertTrue(wrongKind.err().contains("calc-time: expected an integer, got \"soon\""), wrongKind.toString());
        CliRun badMode = CliRun.of("exec", "--socket", socket, "calc-dirty-rate", "calc-time=1", "mode=guess");
        assertEquals(2, badMode.code(), badMode.toString());
        assertTrue(badMode.err().contains("mode: 'guess' is not one of [page-sampling, dirty-ring, dirty-bitmap] on this server"), badMode.toString());
    }

    @Test
    void theShellCompletesWhatQemu72Has() {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(Path.of(socket)).build()).block(Duration.ofSeconds(10));
        assertNotNull(client);
        try {
            CliServerSchema server = CliServerSchema.fetch(client, Duration.ofSeconds(10));
            ShellCompleter completer = ShellCompleter.qmp(server.completion(), () -> false);
            assertEquals(List.of("query-cpus-fast"), completer.candidates(List.of(), "query-cpus"), "7.2 has no query-cpus");
            assertEquals(List.of("calc-time=", "sample-pages=", "mode="), completer.candidates(List.of("calc-dirty-rate"), ""));
            assertEquals(List.of("mode=dirty-ring", "mode=dirty-bitmap"), completer.candidates(List.of("calc-dirty-rate"), "mode=d"));
        } finally {
            client.close().block(Duration.ofSeconds(5));
        }
    }

    @Test
    void rawRunsACommandNewerThanTheSchema() throws Exception {
        CliRun r = CliRun.of("exec", "--socket", socket, "--raw", "query-cpus-fast");
        assertEquals(0, r.code(), r.toString());
        assertTrue(QapiJson.TREE_MAPPER.readTree(r.out()).isArray(), r.toString());
        assertTrue(r.err().contains("warning: 'query-cpus-fast' is not a command of the compiled QEMU 2.11.2 schema"), r.toString());
    }

    @Test
    void eventsFromQemuWhileAnotherClientStopsIt() throws Exception {
        AtomicReference<CliRun> stop = new AtomicReference<>();
        Thread driver = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                return;
            }
            stop.set(CliRun.of("exec", "--socket", socket, "stop"));
            CliRun.of("exec", "--socket", socket, "cont");
        });
        driver.start();
        CliRun r = CliRun.of("events", "--socket", "q=" + eventSocket, "--filter", "STOP,RESUME", "--count", "2", "--duration", "15s");
        driver.join();
        assertEquals(0, stop.get().code(), stop.get().toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().matches("(?s)\\S+Z vm=q STOP\n\\S+Z vm=q RESUME\n"), r.toString());
    }

    @Test
    void shellOnQemuFromStdin() {
        String input = "query-name\nhuman-monitor-command command-line=\"info version\"\nquery-cpus\n";
        CliRun r = CliRun.withInput(input, "shell", "--socket", socket, "--no-events", "-p");
        assertEquals(1, r.code(), "query-cpus failed last:\n" + r);
        assertTrue(r.out().contains("\"name\": \"cli-vm\""), r.toString());
        assertTrue(r.out().contains("\"7."), r.toString());
        assertTrue(r.err().contains("does not have this command"), r.toString());
    }

    @Test
    void hmpModePrintsQemusTextAndItsHelpFeedsCompletion() throws Exception {
        CliRun r = CliRun.withInput("info version\ninfo status\n", "shell", "--socket", socket, "--no-events", "-H");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().matches("(?s)7\\.\\d+\\.\\d+.*\nVM status: (running|paused)\n"), "plain text, not JSON strings:\n" + r);

        CliRun help = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=help");
        CliRun info = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info");
        List<String> commands = ShellCompleter.hmpCommands(QapiJson.TREE_MAPPER.readTree(help.out()).asText());
        assertTrue(commands.containsAll(List.of("info", "quit", "stop", "cont", "block_resize", "device_add")), commands.toString());
        assertFalse(commands.contains("q") || commands.stream().anyMatch(c -> c.contains("|")), commands.toString());
        List<String> topics = ShellCompleter.hmpInfoTopics(QapiJson.TREE_MAPPER.readTree(info.out()).asText());
        assertTrue(topics.containsAll(List.of("version", "status", "block", "qtree")), topics.toString());
    }

    @Test
    void transactionsAreAtomicOnQemu() {
        String input = String.join("\n",
                "blockdev-add driver=null-co node-name=tx0",
                "transaction(",
                "block-dirty-bitmap-add node=tx0 name=b0",
                "block-dirty-bitmap-add node=tx0 name=b1",
                ")",
                "block-dirty-bitmap-remove node=tx0 name=b1",
                // b0 exists: QEMU rejects the whole transaction, so b2 is not created either.
                "transaction(",
                "block-dirty-bitmap-add node=tx0 name=b2",
                "block-dirty-bitmap-add node=tx0 name=b0",
                ")",
                "block-dirty-bitmap-remove node=tx0 name=b2",
                "transaction( abort )",
                "");
        CliRun r = CliRun.withInput(input, "shell", "--socket", socket, "--no-events", "-v");
        assertEquals(1, r.code(), r.toString());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("-> {\"execute\":\"transaction\"")).count(), "one command per transaction:\n" + r);
        assertTrue(r.out().contains("-> {\"execute\":\"block-dirty-bitmap-remove\",\"arguments\":{\"node\":\"tx0\",\"name\":\"b1\"}}\n<- {\"return\":{}}"),
                "the first transaction created b1:\n" + r);
        List<String> errors = r.err().lines().toList();
        assertEquals(3, errors.size(), r.toString());
        assertTrue(errors.get(0).contains("'transaction' failed: GenericError: Bitmap already exists: b0"), r.toString());
        assertTrue(errors.get(1).contains("'block-dirty-bitmap-remove' failed: GenericError: Dirty bitmap 'b2' not found"), r.toString());
        assertTrue(errors.get(2).contains("'transaction' failed: GenericError: Transaction aborted using Abort action"), r.toString());
    }
}
