package dev.qmpsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against the real QEMU: fails (never skips) when it is not installed. */
@Timeout(60)
class QemuProcessIT {
    private static final Duration T = RawQmpClient.TIMEOUT;

    @BeforeAll
    static void qemuIsInstalled() {
        QemuProcess.requireInstalled();
    }

    private static JsonNode json(String text) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(text);
    }

    @Test
    void findsTheBinary(@TempDir Path dir) throws IOException {
        Path found = QemuProcess.requireInstalled();
        assertTrue(Files.isExecutable(found));
        assertEquals(QemuBinary.NAME, found.getFileName().toString());
        assertTrue(QemuBinary.find(null, "/nonexistent").isEmpty());
        assertTrue(QemuBinary.find("/nonexistent/qemu", System.getenv("PATH")).isEmpty());
        Path fake = Files.createFile(dir.resolve("my-qemu"));
        fake.toFile().setExecutable(true);
        assertEquals(fake, QemuBinary.find("my-qemu", "/nonexistent:" + dir).orElseThrow());
        assertEquals(fake, QemuBinary.find(fake.toString(), null).orElseThrow());
        assertTrue(QemuBinary.notFoundMessage().contains(
                "not found: install it with `apt-get install qemu-system-x86` (the project's .ci/run does)"));
    }

    @Test
    void qemuImgMakesQcow2ImagesWithABackingFile(@TempDir Path dir) throws IOException {
        Path base = QemuImages.createQcow2(dir.resolve("base.qcow2"), 1L << 20, null);
        Path top = QemuImages.createQcow2(dir.resolve("top.qcow2"), 1L << 20, base);
        for (Path image : new Path[] {base, top}) {
            byte[] head = Files.readAllBytes(image);
            assertEquals("QFI\u00fb", new String(head, 0, 4, StandardCharsets.ISO_8859_1), "qcow2 magic of " + image);
        }
        assertTrue(new String(Files.readAllBytes(top), StandardCharsets.ISO_8859_1).contains(base.toString()), "backing file named");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QemuImages.createQcow2(dir.resolve("nowhere/x.qcow2"), 1L << 20, null));
        assertTrue(e.getMessage().contains("failed with exit code"), e.getMessage());
    }

    @Test
    void aRealMachineTakesDevices() throws IOException {
        try (QemuProcess qemu = QemuProcess.builder().machine("pc").extraArgs("-S", "-device", "usb-ehci,id=usb0").start();
                RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
            assertTrue(qemu.command().containsAll(java.util.List.of("-machine", "pc")), qemu.command().toString());
            client.send("{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"/machine/peripheral\"}}");
            JsonNode path = client.read();
            assertTrue(path.toString().contains("\"usb0\""), path.toString());
        }
    }

    @Test
    void unixSocketSpeaksQmp() throws IOException {
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start();
                RawQmpClient client = RawQmpClient.connect(qemu.address())) {
            assertTrue(qemu.pid() > 0);
            assertTrue(Files.exists(qemu.socketPath()));
            assertThrows(IllegalStateException.class, qemu::tcpPort);
            JsonNode greeting = client.readGreeting();
            assertEquals(7, greeting.at("/QMP/version/qemu/major").asInt(), greeting.toString());
            assertEquals(json("[\"oob\"]"), greeting.at("/QMP/capabilities"));
            client.send("{\"execute\": \"query-status\", \"id\": 0}");
            assertEquals(QemuMessages.EXPECTING_CAPABILITIES, client.readSkippingEvents().at("/error/desc").asText());
            client.send("{\"execute\": \"qmp_capabilities\"}");
            assertEquals(json("{\"return\": {}}"), client.readSkippingEvents());
            client.send("{\"execute\": \"query-status\", \"id\": 1}");
            JsonNode status = client.read();
            assertEquals(1, status.get("id").asInt());
            assertEquals("running", status.at("/return/status").asText(), status.toString());
            client.send("{\"execute\": \"stop\", \"id\": {\"a\": [1, 2]}}");
            assertEquals("STOP", client.read().get("event").asText(), "the event comes before the reply");
            assertEquals(json("{\"return\": {}, \"id\": {\"a\": [1, 2]}}"), client.read());
        }
    }

    @Test
    void tcpPortSpeaksQmp() throws IOException {
        try (QemuProcess qemu = QemuProcess.builder().qmpTcp(0).start(); RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
            assertTrue(qemu.tcpPort() > 0);
            assertThrows(IllegalStateException.class, qemu::socketPath);
            client.send("{\"execute\": \"query-name\", \"id\": 1}");
            assertEquals(json("{\"return\": {}, \"id\": 1}"), client.read());
        }
    }

    @Test
    void givenUnixSocketPathAndExtraArgs(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("vm.sock");
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket(socket).extraArgs("-name", "vm-under-test").start();
                RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
            assertEquals(socket, qemu.socketPath());
            client.send("{\"execute\": \"query-name\", \"id\": 1}");
            assertEquals("vm-under-test", client.read().at("/return/name").asText());
        }
        assertFalse(Files.exists(socket), "close deletes the socket");
    }

    @Test
    void pausedQemuAnswersNothingUntilResumed() throws IOException {
        try (QemuProcess qemu = QemuProcess.builder().start(); RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
            qemu.pause();
            client.send("{\"execute\": \"query-status\", \"id\": 1}");
            client.expectSilence(Duration.ofMillis(300));
            assertTrue(qemu.isAlive());
            qemu.resume();
            assertEquals(1, client.read().get("id").asInt());
        }
    }

    @Test
    void killedQemuClosesTheConnection() throws IOException {
        Path socket;
        try (QemuProcess qemu = QemuProcess.builder().start(); RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
            socket = qemu.socketPath();
            qemu.pause(); // SIGKILL works on a stopped process too
            qemu.kill();
            assertTrue(qemu.awaitExit(T));
            assertFalse(qemu.isAlive());
            assertEquals(137, qemu.exitCode());
            client.awaitEof(T);
            assertThrows(IllegalStateException.class, qemu::pause);
        }
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(socket.getParent()), "the temporary directory is removed");
    }

    @Test
    void quitSendsShutdownThenReturnThenCloses() throws IOException {
        try (QemuProcess qemu = QemuProcess.builder().start(); RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
            client.send("{\"execute\": \"quit\", \"id\": 9}");
            JsonNode shutdown = client.read();
            assertEquals("SHUTDOWN", shutdown.get("event").asText());
            assertEquals(json("{\"guest\": false, \"reason\": \"host-qmp-quit\"}"), shutdown.get("data"));
            assertEquals(json("{\"return\": {}, \"id\": 9}"), client.read());
            client.awaitEof(T);
            assertTrue(qemu.awaitExit(T));
            assertEquals(0, qemu.exitCode());
        }
    }

    @Test
    void connectsOutToAListeningClient(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("accept.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            try (QemuProcess qemu = QemuProcess.builder().qmpConnectTo(socket).start()) {
                CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return listener.accept();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                try (SocketChannel channel = accepted.get(T.toSeconds(), TimeUnit.SECONDS)) {
                    ByteBuffer buffer = ByteBuffer.allocate(4096);
                    StringBuilder text = new StringBuilder();
                    while (!text.toString().endsWith("\r\n")) {
                        int n = channel.read(buffer.clear());
                        assertTrue(n > 0, "greeting expected, got " + text);
                        text.append(StandardCharsets.UTF_8.decode(buffer.flip()));
                    }
                    assertTrue(json(text.toString()).has("QMP"), text.toString());
                }
                assertEquals(socket, qemu.socketPath());
            }
        }
    }

    @Test
    void aQemuThatCannotStartFailsWithItsStderr() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QemuProcess.builder().extraArgs("-no-such-option").start());
        assertTrue(e.getMessage().contains("QEMU exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("-no-such-option"), e.getMessage());
        assertTrue(e.getMessage().contains("stderr:"), e.getMessage());
    }

    @Test
    void aQemuThatCrashesDuringStartIsReportedWithItsSignal(@TempDir Path dir) throws IOException {
        // Stands in for QEMU segfaulting while it starts: the message must say it crashed, and with what.
        Path crashing = dir.resolve("crashing-qemu");
        Files.writeString(crashing, "#!/bin/sh\necho 'about to crash' >&2\nulimit -c 0\nkill -SEGV $$\n");
        assertTrue(crashing.toFile().setExecutable(true));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QemuProcess.builder().binary(crashing).start());
        assertTrue(e.getMessage().contains("exited with code 139 (128+11: killed by SIGSEGV, a crash)"), e.getMessage());
        assertTrue(e.getMessage().contains("about to crash"), e.getMessage());
    }

    @Test
    void manyQemusStartedAtOnceAllGreetTheirFirstClient() throws Exception {
        // Parallel starts load the machine like a full build does; the old start check (connect, hang up) crashed
        // QEMU 7.2 now and then in exactly this situation. Every QEMU must be alive and greet its first client.
        int count = 8;
        List<CompletableFuture<QemuProcess>> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> QemuProcess.builder().start()));
        }
        List<QemuProcess> qemus = new ArrayList<>();
        try {
            for (CompletableFuture<QemuProcess> start : starts) {
                qemus.add(start.get(T.toSeconds() * 2, TimeUnit.SECONDS));
            }
            for (QemuProcess qemu : qemus) {
                try (RawQmpClient client = RawQmpClient.negotiated(qemu.address())) {
                    client.send("{\"execute\": \"query-status\"}");
                    assertEquals("running", client.read().get("return").get("status").asText(), "query-status on " + qemu);
                }
                assertTrue(qemu.isAlive(), qemu + " " + qemu.exitStatus() + ", stderr: " + qemu.stderr());
            }
        } finally {
            qemus.forEach(QemuProcess::close);
        }
    }

    @Test
    void aMissingBinaryIsAClearError(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> QemuProcess.builder().binary(dir.resolve("absent")).start());
        assertTrue(e.getMessage().contains("cannot start QEMU"), e.getMessage());
    }

    @Test
    void closeKillsARunningQemu() {
        QemuProcess qemu = QemuProcess.builder().start();
        assertTrue(qemu.isAlive());
        qemu.close();
        assertFalse(qemu.isAlive());
        qemu.close(); // idempotent
    }
}
