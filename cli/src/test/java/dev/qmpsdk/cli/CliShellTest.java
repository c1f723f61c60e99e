package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qmp shell} against a simulated VM, fed by stdin scripts: output formats, verbose echo, HMP mode,
 * transactions, events with timestamps, and the terminal path with its history file.
 */
class CliShellTest {
    private static SimulatedVm vm;
    private static String socket;

    @BeforeAll
    static void startVm() {
        vm = SimulatedVm.start("shell-vm");
        vm.server().on("human-monitor-command", request -> {
            JsonNode cpu = request.arguments().get("cpu-index");
            if (cpu != null && cpu.asInt() > 3) {
                return Reply.error("GenericError", "Invalid CPU index");
            }
            String line = request.arguments().get("command-line").asText();
            String printed = line.equals("info version") ? "7.2.0 (simulated)\r\n"
                    : line.equals("info cpus") ? "* CPU #0: thread_id=1\r\n  CPU #1: thread_id=2\r\n"
                    : "";
            return Reply.ok(QapiJson.TREE_MAPPER.getNodeFactory().textNode(printed));
        });
        vm.server().on("transaction", Reply.ok("{}"));
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

    private static List<QmpRequest> sent(String command) {
        return vm.server().received().stream().filter(r -> r.command().equals(command)).toList();
    }

    private static CliRun shell(String input, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "shell";
        args[1] = "--socket";
        args[2] = socket;
        args[3] = "--no-events";
        System.arraycopy(options, 0, args, 4, options.length);
        return CliRun.withInput(input, args);
    }

    @Test
    void compactByDefaultPrettyWithP() {
        CliRun compact = shell("query-status\n");
        assertEquals(0, compact.code(), compact.toString());
        assertEquals("{\"status\":\"running\",\"singlestep\":false,\"running\":true}\n", compact.out());

        CliRun pretty = shell("query-status\n", "-p");
        assertEquals(0, pretty.code(), pretty.toString());
        assertEquals("{\n  \"status\": \"running\",\n  \"singlestep\": false,\n  \"running\": true\n}\n", pretty.out());
    }

    @Test
    void verboseEchoesTheRequestAndTheWholeReply() {
        CliRun r = shell("human-monitor-command command-line=\"info version\"\nquery-name\n", "-v");
        assertEquals(0, r.code(), r.toString());
        assertEquals(String.join("\n",
                "-> {\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info version\"}}",
                "<- {\"return\":\"7.2.0 (simulated)\\r\\n\"}",
                "-> {\"execute\":\"query-name\"}",
                "<- {\"return\":{\"name\":\"shell-vm\"}}", ""), r.out());
    }

    @Test
    void hmpModePrintsTheMonitorsTextAndSwitchesCpus() {
        CliRun r = shell("info version\ninfo cpus\ncpu 1\ninfo registers\ncpu 9\nsystem_reset\n", "-H");
        assertEquals(1, r.code(), "cpu 9 failed:\n" + r);
        assertEquals("7.2.0 (simulated)\n* CPU #0: thread_id=1\n  CPU #1: thread_id=2\n", r.out(), "text, not JSON strings");
        assertTrue(r.err().contains("error: no CPU 9: 'human-monitor-command' failed: GenericError: Invalid CPU index"), r.toString());
        List<String> lines = sent("human-monitor-command").stream()
                .map(q -> q.arguments().get("command-line").asText() + (q.arguments().has("cpu-index") ? " @" + q.arguments().get("cpu-index") : ""))
                .toList();
        // cpu N is checked with 'info version' on that CPU, then later lines run there; a bad index changes nothing.
        assertEquals(List.of("info version", "info cpus", "info version @1", "info registers @1", "info version @9", "system_reset @1"), lines);
    }

    @Test
    void hmpModeWithVerboseShowsTheQmpCommandItSends() {
        CliRun r = shell("info version\n", "--hmp", "--verbose");
        assertEquals(0, r.code(), r.toString());
        assertEquals("-> {\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info version\"}}\n7.2.0 (simulated)\n", r.out());
    }

    @Test
    void aTransactionIsSentAsOneCommandWithItsActions() throws IOException {
        CliRun r = shell(String.join("\n",
                "transaction(",
                "block-dirty-bitmap-add node=drive0 name=bitmap0 granularity=65536",
                "# comments are skipped inside too",
                "block-dirty-bitmap-clear node=drive0 name=123",
                ") completion-mode=individual",
                "transaction( abort )",
                ""), "-v");
        assertEquals(0, r.code(), r.toString());
        assertTrue(sent("block-dirty-bitmap-add").isEmpty() && sent("abort").isEmpty(), "actions are not sent as commands: " + vm.server().received());
        List<QmpRequest> transactions = sent("transaction");
        assertEquals(2, transactions.size(), vm.server().received().toString());
        assertEquals(QapiJson.TREE_MAPPER.readTree("{\"actions\": ["
                + "{\"type\": \"block-dirty-bitmap-add\", \"data\": {\"node\": \"drive0\", \"name\": \"bitmap0\", \"granularity\": 65536}},"
                + "{\"type\": \"block-dirty-bitmap-clear\", \"data\": {\"node\": \"drive0\", \"name\": \"123\"}}],"
                + " \"properties\": {\"completion-mode\": \"individual\"}}"), transactions.get(0).arguments(),
                "name=123 is sent as text, as the schema wants");
        assertEquals(QapiJson.TREE_MAPPER.readTree("{\"actions\": [{\"type\": \"abort\", \"data\": {}}]}"), transactions.get(1).arguments());
        assertTrue(r.out().startsWith("-> {\"execute\":\"transaction\",\"arguments\":{\"actions\":[{\"type\":\"block-dirty-bitmap-add\""), r.toString());
    }

    @Test
    void aBadActionFailsTheWholeTransactionBeforeSending() {
        CliRun r = shell("transaction(\nabort\ndrive-backup device=d0 sync=sometimes target=/tmp/x\n)\n");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("error: invalid arguments for 'transaction': actions.1.data.sync:"), r.toString());
        assertTrue(r.err().contains("sometimes"), r.toString());
        assertTrue(sent("transaction").isEmpty(), vm.server().received().toString());
    }

    @Test
    void anUnclosedTransactionIsNotSent() {
        CliRun r = shell("transaction(\nabort\n");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("error: the transaction( was never closed with ')': its 1 action(s) were not sent"), r.toString());
        assertTrue(sent("transaction").isEmpty(), vm.server().received().toString());
    }

    @Test
    void eventsArePrintedWithTheServersTimestampAsTheyArrive() throws Exception {
        try (PipedOutputStream typing = new PipedOutputStream()) {
            PipedInputStream stdin = new PipedInputStream(typing);
            SharedOutput out = new SharedOutput();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Cli.run(stdin,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    "shell", "--socket", socket));
            typing.write("stop\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            out.await(" STOP");
            vm.server().sendEvent("SHUTDOWN", "{\"guest\": true, \"reason\": \"guest-shutdown\"}");
            out.await(" SHUTDOWN");
            typing.write("cont\nexit\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals(0, code.get(30, TimeUnit.SECONDS), out + err.toString(StandardCharsets.UTF_8));
            String text = out.toString();
            String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";
            assertTrue(Pattern.compile("(?m)^" + stamp + " STOP$").matcher(text).find(), text);
            assertTrue(Pattern.compile("(?m)^" + stamp + " SHUTDOWN \\{\"guest\":true,\"reason\":\"guest-shutdown\"}$").matcher(text).find(), text);
        }
    }

    @Test
    void quitEndsTheShellWithoutAnError() {
        try (SimulatedVm quitting = SimulatedVm.start("quitting")) {
            CliRun r = CliRun.withInput("query-name\nquit\nquery-status\n", "shell", "--socket", quitting.socketPath().toString(), "--no-events");
            assertEquals(0, r.code(), r.toString());
            assertEquals("{\"name\":\"quitting\"}\n{}\n", r.out());
            assertEquals("the VM quit; leaving the shell\n", r.err());
            assertFalse(quitting.server().received().stream().anyMatch(q -> q.command().equals("query-status")), "nothing runs after quit");
        }
    }

    @Test
    void aLostConnectionEndsTheShellWithExitCodeThree() throws Exception {
        SimulatedVm dying = SimulatedVm.start("dying");
        try (PipedOutputStream typing = new PipedOutputStream()) {
            PipedInputStream stdin = new PipedInputStream(typing);
            SharedOutput out = new SharedOutput();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Cli.run(stdin,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    "shell", "--socket", dying.socketPath().toString(), "--no-events"));
            typing.write("query-name\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            out.await("dying");
            dying.close();
            // The first line may race the end of the connection (and fail with it); by the second the shell knows.
            typing.write("query-status\nquery-status\nquery-status\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            int exit = code.get(30, TimeUnit.SECONDS);
            String errors = err.toString(StandardCharsets.UTF_8);
            assertEquals(3, exit, out + errors);
            assertTrue(errors.contains("error: the connection to the monitor has ended (CLOSED); leaving the shell"), errors);
            assertTrue(errors.lines().count() <= 2, "one error at most before leaving:\n" + errors);
        } finally {
            dying.close();
        }
    }

    @Test
    void onATerminalTheHistoryIsKeptInTheFileItNames(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("state/qmp/history");
        String typed = "query-status\ntransaction(\nabort\n)\nexit\n";
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        // A keyboard that has typed the lines and stays open (the terminal's reader would drop what it read ahead at EOF).
        try (PipedOutputStream keyboard = new PipedOutputStream();
                PipedInputStream keys = new PipedInputStream(keyboard, 4096);
                Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, keys, screen, StandardCharsets.UTF_8)) {
            keyboard.write(typed.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            code = Cli.runOnTerminal(terminal, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                    "shell", "--socket", socket, "--no-events", "--history", history.toString());
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, shown + err);
        assertTrue(shown.contains("History: " + history), shown);
        assertTrue(shown.contains("(qmp) ") && shown.contains("TRANS> "), "the prompt shows an open transaction:\n" + shown);
        assertTrue(shown.contains("{\"status\":\"running\""), shown);
        assertEquals(1, sent("transaction").size(), vm.server().received().toString());
        List<String> saved = Files.readAllLines(history).stream().map(l -> l.substring(l.indexOf(':') + 1)).toList();
        assertEquals(List.of("query-status", "transaction(", "abort", ")", "exit"), saved, "history file: " + Files.readAllLines(history));
    }

    @Test
    void historyLivesUnderXdgStateHome() {
        assertEquals(Path.of("/state/qmp/history"), ShellHistory.defaultFile(Map.of("XDG_STATE_HOME", "/state"), "/home/u", false));
        assertEquals(Path.of("/state/qmp/hmp-history"), ShellHistory.defaultFile(Map.of("XDG_STATE_HOME", "/state"), "/home/u", true));
        assertEquals(Path.of("/home/u/.local/state/qmp/history"), ShellHistory.defaultFile(Map.of(), "/home/u", false));
        assertEquals(Path.of("/home/u/.local/state/qmp/history"), ShellHistory.defaultFile(Map.of("XDG_STATE_HOME", "relative"), "/home/u", false),
                "a relative XDG_STATE_HOME is ignored, as the XDG specification says");
    }

    /** Output another thread writes while the test waits for a piece of it. */
    private static final class SharedOutput extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized void await(String text) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!toString().contains(text)) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' printed within 20 s:\n" + this);
                }
                wait(left);
            }
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
