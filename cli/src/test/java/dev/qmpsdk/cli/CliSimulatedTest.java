package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The qmp CLI in-process against simulated VMs and scripted servers: exit codes, stdout and stderr. */
class CliSimulatedTest {
    private static SimulatedVm vm;
    private static String socket;

    @BeforeAll
    static void startVm() {
        vm = SimulatedVm.start("sim-1");
        vm.server().on("human-monitor-command", request -> Reply.ok("\"QEMU 7.2.0 (simulated)\\r\\n\""));
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

    private static JsonNode sentArguments(String command) {
        List<QmpRequest> sent = vm.server().received().stream().filter(r -> r.command().equals(command)).toList();
        assertEquals(1, sent.size(), "one " + command + " sent: " + vm.server().received());
        return sent.get(0).arguments();
    }

    private static boolean sent(String command) {
        return vm.server().received().stream().anyMatch(r -> r.command().equals(command));
    }

    @Test
    void execPrintsTheReturnValueAsPrettyJson() throws IOException {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-status");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"status\": \"running\""), r.toString());
        assertEquals("running", QapiJson.TREE_MAPPER.readTree(r.out()).get("status").asText());
        assertEquals("", r.err());
    }

    @Test
    void execWithKeyValueArguments() {
        CliRun r = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info version", "cpu-index=0");
        assertEquals(0, r.code(), r.toString());
        assertEquals("\"QEMU 7.2.0 (simulated)\\r\\n\"", r.out().strip());
        JsonNode args = sentArguments("human-monitor-command");
        assertEquals("info version", args.get("command-line").asText());
        assertTrue(args.get("cpu-index").isIntegralNumber(), args.toString());
    }

    @Test
    void aKeyValueThatLooksLikeANumberIsSentAsTextWhereTheSchemaWantsText() {
        CliRun r = CliRun.of("exec", "--socket", socket, "--compact", "human-monitor-command", "command-line=123");
        assertEquals(0, r.code(), r.toString());
        assertTrue(sentArguments("human-monitor-command").get("command-line").isTextual());
    }

    @Test
    void execWithJsonArguments() {
        CliRun r = CliRun.of("exec", "--socket", socket, "--json", "{\"command-line\": \"info status\", \"cpu-index\": 1}",
                "human-monitor-command");
        assertEquals(0, r.code(), r.toString());
        JsonNode args = sentArguments("human-monitor-command");
        assertEquals("info status", args.get("command-line").asText());
        assertEquals(1, args.get("cpu-index").asInt());
    }

    @Test
    void anUnknownArgumentIsRejectedBeforeSendingWithTheValidNames() {
        CliRun r = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info", "bogus=1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown argument 'bogus'"), r.toString());
        assertTrue(r.err().contains("valid arguments: command-line (required), cpu-index"), r.toString());
        assertFalse(sent("human-monitor-command"));
    }

    @Test
    void aMissingRequiredArgumentIsNamed() {
        CliRun r = CliRun.of("exec", "--socket", socket, "human-monitor-command", "cpu-index=0");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("missing required argument 'command-line'"), r.toString());
        assertTrue(r.err().contains("valid arguments: command-line (required), cpu-index"), r.toString());
        assertFalse(sent("human-monitor-command"));
    }

    @Test
    void aMistypedArgumentIsNamed() {
        CliRun r = CliRun.of("exec", "--socket", socket, "human-monitor-command", "command-line=info", "cpu-index=\"zero\"");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("cpu-index"), r.toString());
    }

    @Test
    void argumentsOfACommandWithoutArguments() {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-status", "verbose=true");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown argument 'verbose'") && r.err().contains("query-status takes no arguments"), r.toString());
    }

    @Test
    void nestedArgumentsWithDottedKeys() throws IOException {
        vm.server().on("chardev-add", Reply.ok("{}"));
        // backend.type=null: JSON null where the schema wants a string, so it is sent as the text "null".
        CliRun r = CliRun.of("exec", "--socket", socket, "chardev-add", "id=c0", "backend.type=null", "backend.data={}");
        assertEquals(0, r.code(), r.toString());
        assertEquals(QapiJson.TREE_MAPPER.readTree("{\"id\": \"c0\", \"backend\": {\"type\": \"null\", \"data\": {}}}"),
                sentArguments("chardev-add"));
    }

    @Test
    void anUnknownCommandIsAUsageErrorThatPointsToRaw() {
        CliRun r = CliRun.of("exec", "--socket", socket, "query-statsu");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown command 'query-statsu'"), r.toString());
        assertTrue(r.err().contains("did you mean query-status"), r.toString());
        assertTrue(r.err().contains("--raw"), r.toString());
    }

    @Test
    void rawSendsUnknownCommandsWithAWarning() {
        vm.server().on("query-cpus-fast", Reply.ok("[{\"cpu-index\": 0}]"));
        CliRun r = CliRun.of("exec", "--socket", socket, "--raw", "query-cpus-fast");
        assertEquals(0, r.code(), r.toString());
        assertEquals("[{\"cpu-index\":0}]", r.out().strip());
        assertTrue(r.err().contains("warning: 'query-cpus-fast' is not a command of the compiled QEMU 2.11.2 schema"), r.toString());

        CliRun missing = CliRun.of("exec", "--socket", socket, "--raw", "x-no-such-command");
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("CommandNotFound"), missing.toString());
        assertTrue(missing.err().contains("the server (QEMU 7.2.0) does not have this command"), missing.toString());
    }

    @Test
    void aServerErrorIsExitOneWithClassAndDescription() {
        vm.server().on("eject", Reply.error("DeviceNotFound", "Device 'cd0' not found"));
        CliRun r = CliRun.of("exec", "--socket", socket, "eject", "device=cd0");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("DeviceNotFound: Device 'cd0' not found"), r.toString());
    }

    @Test
    void tcpTarget() {
        try (FakeQmpServer server = FakeQmpServer.startTcp(0)) {
            server.on("query-name", Reply.ok("{\"name\": \"tcp-vm\"}"));
            CliRun r = CliRun.of("exec", "--tcp", "127.0.0.1:" + server.port(), "query-name");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"name\": \"tcp-vm\""), r.toString());
        }
    }

    @Test
    void aMissingSocketIsExitThreeWithAHint(@TempDir Path dir) {
        Path nowhere = dir.resolve("vm.qmp");
        CliRun r = CliRun.of("exec", "--socket", nowhere.toString(), "query-status");
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("no QMP socket at " + nowhere + ": is QEMU running with -qmp unix:" + nowhere + ",server=on?"), r.toString());
    }

    @Test
    void aStaleSocketIsExitThreeWithAHint(@TempDir Path dir) throws IOException {
        Path stale = dir.resolve("stale.qmp");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));
        CliRun r = CliRun.of("exec", "--socket", stale.toString(), "query-status");
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("nothing is listening on " + stale), r.toString());
    }

    @Test
    void aMonitorThatIsNotQmpIsExitThreeWithAHint(@TempDir Path dir) throws Exception {
        Path hmp = dir.resolve("hmp.sock");
        AtomicBoolean done = new AtomicBoolean();
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(hmp));
            Thread server = new Thread(() -> {
                try (SocketChannel c = ch.accept()) {
                    c.write(ByteBuffer.wrap("QEMU 7.2.0 monitor - type 'help' for more information\r\n(qemu) ".getBytes(StandardCharsets.UTF_8)));
                    while (!done.get()) {
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            // A long deadline: the answer must come from the bytes, not from the timeout (a loaded machine once took over 1 s).
            CliRun r = CliRun.of("exec", "--socket", hmp.toString(), "--timeout", "30s", "query-status");
            done.set(true);
            assertEquals(3, r.code(), r.toString());
            // Fails at once, not after the timeout, quoting what the HMP monitor said.
            assertTrue(r.err().contains(hmp + " is not a QMP server"), r.toString());
            assertTrue(r.err().contains("received bytes that are not JSON: QEMU 7.2.0 monitor"), r.toString());
            assertTrue(r.err().contains("is it a QMP monitor?"), r.toString());
        }
    }

    @Test
    void usageErrorsAreExitTwo() {
        CliRun noTarget = CliRun.of("exec", "query-status");
        assertEquals(2, noTarget.code(), noTarget.toString());
        assertTrue(noTarget.err().contains("--socket"), noTarget.toString());
        CliRun notAPair = CliRun.of("exec", "--socket", socket, "human-monitor-command", "info");
        assertEquals(2, notAPair.code(), notAPair.toString());
        assertTrue(notAPair.err().contains("'info' is not an argument: write key=value"), notAPair.toString());
        CliRun badJson = CliRun.of("exec", "--socket", socket, "--json", "[1]", "human-monitor-command");
        assertEquals(2, badJson.code(), badJson.toString());
        CliRun noCommand = CliRun.of("frobnicate");
        assertEquals(2, noCommand.code(), noCommand.toString());
    }

    @Test
    void eventsFromTwoVmsMergedWithIdsAndFiltered() throws Exception {
        try (SimulatedVm a = SimulatedVm.start("a"); SimulatedVm b = SimulatedVm.start("b")) {
            AtomicBoolean done = new AtomicBoolean();
            Thread emitter = new Thread(() -> {
                while (!done.get()) {
                    a.server().sendEvent("STOP");
                    b.server().sendEvent("RESUME");
                    b.server().sendEvent("SHUTDOWN", "{\"guest\": true, \"reason\": \"guest-shutdown\"}");
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            emitter.setDaemon(true);
            emitter.start();
            CliRun r;
            try {
                r = CliRun.of("events", "--socket", "web-a=" + a.socketPath(), "--socket", "web-b=" + b.socketPath(),
                        "--filter", "STOP,SHUTDOWN", "--count", "4", "--duration", "20s");
            } finally {
                done.set(true);
                emitter.join();
            }
            assertEquals(0, r.code(), r.toString());
            List<String> lines = r.out().lines().toList();
            assertEquals(4, lines.size(), r.toString());
            Pattern line = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z vm=(web-a STOP|web-b SHUTDOWN \\{\"guest\":true,\"reason\":\"guest-shutdown\"})");
            for (String l : lines) {
                assertTrue(line.matcher(l).matches(), l + "\n" + r);
            }
            assertTrue(r.out().contains("vm=web-a STOP"), r.toString());
            assertTrue(r.out().contains("vm=web-b SHUTDOWN"), r.toString());
            assertFalse(r.out().contains("RESUME"), r.toString());
        }
    }

    @Test
    void eventsAsJsonLinesForAShortWindow() throws Exception {
        try (SimulatedVm a = SimulatedVm.start("a")) {
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                a.server().sendEvent("POWERDOWN");
            });
            later.start();
            CliRun r = CliRun.of("events", "--socket", "a=" + a.socketPath(), "--json", "--duration", "1500ms");
            later.join();
            assertEquals(0, r.code(), r.toString());
            JsonNode e = QapiJson.TREE_MAPPER.readTree(r.out().lines().findFirst().orElseThrow());
            assertEquals("a", e.get("vm").asText());
            assertEquals("POWERDOWN", e.get("event").asText());
            assertTrue(e.get("timestamp").asText().endsWith("Z"), e.toString());
        }
    }

    @Test
    void anEventWithoutARequiredMemberIsPrintedWithoutIt() throws Exception {
        // A newer QEMU that no longer sends SHUTDOWN's 'guest' (2.11.2 requires it): the CLI keeps events raw, so it
        // shows the data as sent, without an invented guest and without a decoding error.
        try (SimulatedVm a = SimulatedVm.start("a")) {
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                a.server().sendEvent("SHUTDOWN", "{\"reason\": \"host-qmp-quit\"}");
            });
            later.start();
            CliRun r = CliRun.of("events", "--socket", "a=" + a.socketPath(), "--duration", "1500ms");
            later.join();
            assertEquals(0, r.code(), r.toString());
            assertTrue(Pattern.compile("^\\S+Z vm=a SHUTDOWN \\{\"reason\":\"host-qmp-quit\"}$", Pattern.MULTILINE).matcher(r.out()).find(),
                    r.toString());
            assertFalse(r.err().contains("Exception"), r.toString());
        }
    }

    @Test
    void eventsWithAMissingSocketIsExitThree(@TempDir Path dir) {
        CliRun r = CliRun.of("events", "--socket", socket, "--socket", dir.resolve("gone.qmp").toString());
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("no QMP socket at " + dir.resolve("gone.qmp")), r.toString());
    }

    @Test
    void shellReadsCommandsFromStdin() {
        String input = String.join("\n",
                "# comments and blank lines are skipped",
                "",
                "query-status",
                "human-monitor-command command-line=\"info version\"",
                "{\"execute\": \"query-name\"}",
                "help human-monitor-command",
                "human-monitor-command bogus=1",
                "stop",
                "query-status {}",
                "cont",
                "exit",
                "query-status");
        CliRun r = CliRun.withInput(input, "shell", "--socket", socket, "--no-events", "--pretty");
        assertEquals(2, r.code(), "the last failure's code:\n" + r);
        assertTrue(r.out().contains("\"status\": \"running\""), r.toString());
        assertTrue(r.out().contains("\"QEMU 7.2.0 (simulated)\\r\\n\""), r.toString());
        assertTrue(r.out().contains("\"name\": \"sim-1\""), r.toString());
        assertTrue(r.out().contains("human-monitor-command: valid arguments: command-line (required), cpu-index; returns String"), r.toString());
        assertTrue(r.err().contains("error: invalid arguments for 'human-monitor-command': unknown argument 'bogus'"), r.toString());
        assertTrue(r.out().contains("\"status\": \"paused\""), r.toString());
        assertEquals("info version", sentArguments("human-monitor-command").get("command-line").asText());
        assertEquals(2, vm.server().received().stream().filter(q -> q.command().equals("query-status")).count(),
                "nothing after 'exit' runs: " + vm.server().received());
    }

    @Test
    void shellTokenizesQuotes() {
        assertEquals(List.of("human-monitor-command", "command-line=info version"),
                ShellSession.tokenize("human-monitor-command command-line=\"info version\""));
        assertEquals(List.of("a", "b=it's", "c=x\"y"), ShellSession.tokenize("a b=\"it's\" c='x\"y'"));
    }
}
