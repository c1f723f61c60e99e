package dev.qmpsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.protocol.QmpTimestamp;
import dev.qmpsdk.core.protocol.RawEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FakeQmpServerTest {
    private static final Duration T = RawQmpClient.TIMEOUT;

    private FakeQmpServer server;

    @BeforeEach
    void start() {
        server = FakeQmpServer.startUnix();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode json(String text) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(text);
    }

    // ------------------------------------------------------------------ greeting and negotiation

    @Test
    void greetsLikeQemu72WithCrLf() throws IOException {
        try (RawQmpClient client = RawQmpClient.connect(server.address())) {
            JsonNode greeting = client.read();
            assertEquals(json("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"},"
                    + " \"capabilities\": [\"oob\"]}}"), greeting);
            assertEquals("\r\n", client.pendingBytes());
        }
    }

    @Test
    void greetingIsConfigurable() throws IOException {
        server.greeting(new QmpGreeting(2, 11, 2, "v2.11.2", List.of()));
        try (RawQmpClient client = RawQmpClient.connect(server.address())) {
            JsonNode greeting = client.read();
            assertEquals(11, greeting.at("/QMP/version/qemu/minor").asInt());
            assertEquals("v2.11.2", greeting.at("/QMP/version/package").asText());
            assertEquals(0, greeting.at("/QMP/capabilities").size());
        }
    }

    @Test
    void onlyQmpCapabilitiesIsAcceptedBeforeNegotiation() throws IOException {
        server.on("query-status", Reply.ok("{\"status\": \"running\"}"));
        try (RawQmpClient client = RawQmpClient.connectAndGreet(server.address())) {
            client.send("{\"execute\": \"query-status\", \"id\": 5}");
            assertEquals(json("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities negotiation with "
                    + "'qmp_capabilities'\"}, \"id\": 5}"), client.read());
            client.send("{\"execute\": \"qmp_capabilities\", \"id\": 6}");
            assertEquals(json("{\"return\": {}, \"id\": 6}"), client.read());
            client.send("{\"execute\": \"qmp_capabilities\", \"id\": 7}");
            assertEquals(json("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Capabilities negotiation is already complete, "
                    + "command ignored\"}, \"id\": 7}"), client.read());
            client.send("{\"execute\": \"query-status\", \"id\": 8}");
            assertEquals(json("{\"return\": {\"status\": \"running\"}, \"id\": 8}"), client.read());
            assertTrue(server.connections().get(0).isNegotiated());
        }
    }

    @Test
    void aFailingQmpCapabilitiesLeavesTheConnectionInNegotiation() throws IOException {
        server.on("qmp_capabilities", Reply.error("GenericError", "no"));
        try (RawQmpClient client = RawQmpClient.connectAndGreet(server.address())) {
            client.send("{\"execute\": \"qmp_capabilities\"}");
            assertEquals("GenericError", client.read().at("/error/class").asText());
            client.send("{\"execute\": \"query-status\"}");
            assertEquals(QemuMessages.EXPECTING_CAPABILITIES, client.read().at("/error/desc").asText());
        }
    }

    @Test
    void eventsBeforeGreeting() throws IOException {
        server.eventsBeforeGreeting("RESUME", "STOP");
        try (RawQmpClient client = RawQmpClient.connect(server.address())) {
            assertEquals("RESUME", client.read().get("event").asText());
            assertEquals("STOP", client.read().get("event").asText());
            assertTrue(client.read().has("QMP"));
        }
    }

    // ------------------------------------------------------------------ script kinds

    @Test
    void fixedComputedErrorAndUnknownCommands() throws IOException {
        server.on("query-name", Reply.ok("{\"name\": \"vm1\"}"));
        server.on("echo", request -> Reply.ok(request.arguments() == null ? QapiJson.TREE_MAPPER.createObjectNode() : request.arguments()));
        server.on("query-kvm", Reply.error("GenericError", "KVM is not available"));
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"query-name\", \"id\": 1}");
            assertEquals(json("{\"return\": {\"name\": \"vm1\"}, \"id\": 1}"), client.read());
            client.send("{\"execute\": \"echo\", \"arguments\": {\"x\": [1, \"two\"]}, \"id\": 2}");
            assertEquals(json("{\"return\": {\"x\": [1, \"two\"]}, \"id\": 2}"), client.read());
            client.send("{\"execute\": \"query-kvm\", \"id\": 3}");
            assertEquals(json("{\"error\": {\"class\": \"GenericError\", \"desc\": \"KVM is not available\"}, \"id\": 3}"), client.read());
            client.send("{\"execute\": \"x\", \"id\": 4}");
            assertEquals(json("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command x has not been found\"}, \"id\": 4}"),
                    client.read());
            server.remove("query-name");
            client.send("{\"execute\": \"query-name\", \"id\": 5}");
            assertEquals("CommandNotFound", client.read().at("/error/class").asText());
        }
    }

    @Test
    void computedNullMeansNotFound() throws IOException {
        server.on("maybe", request -> request.id() != null && request.id().asInt() == 1 ? Reply.ok() : null);
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"maybe\", \"id\": 1}{\"execute\": \"maybe\", \"id\": 2}");
            assertTrue(client.read().has("return"));
            assertEquals("CommandNotFound", client.read().at("/error/class").asText());
        }
    }

    @Test
    void idsAreEchoedVerbatim() throws IOException {
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            server.on("query-status", Reply.ok());
            for (String id : List.of("{\"a\": [1, 2]}", "\"text\"", "1.5", "-7", "null", "[]", "true", "12345678901234567890")) {
                client.send("{\"execute\": \"query-status\", \"id\": " + id + "}");
                assertEquals(json(id), client.read().get("id"), "id " + id);
            }
            client.send("{\"execute\": \"query-status\"}");
            assertFalse(client.read().has("id"), "no id in, no id out");
            client.send("{\"execute\": \"nope\", \"id\": {\"a\": [1, 2]}}");
            assertEquals(json("{\"a\": [1, 2]}"), client.read().get("id"));
        }
    }

    @Test
    void idsCanBeOverriddenOrLeftOut() throws IOException {
        server.on("a", Reply.ok().withId(new IntNode(999)));
        server.on("b", Reply.error("GenericError", "x").withoutId());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"a\", \"id\": 1}");
            assertEquals(json("{\"return\": {}, \"id\": 999}"), client.read());
            client.send("{\"execute\": \"b\", \"id\": 2}");
            assertEquals(json("{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}}"), client.read());
        }
    }

    @Test
    void delayedRepliesLetLaterRequestsOvertake() throws IOException {
        server.on("slow", Reply.delayed(Duration.ofMillis(300), Reply.ok("\"slow\"")));
        server.on("fast", Reply.ok("\"fast\""));
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            long start = System.nanoTime();
            client.send("{\"execute\": \"slow\", \"id\": 1}{\"execute\": \"fast\", \"id\": 2}");
            assertEquals(json("{\"return\": \"fast\", \"id\": 2}"), client.read());
            assertEquals(json("{\"return\": \"slow\", \"id\": 1}"), client.read());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
        }
    }

    @Test
    void neverRepliesButKeepsServing() throws IOException {
        server.on("hang", Reply.never());
        server.on("ping", Reply.ok());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"hang\", \"id\": 1}");
            client.expectSilence(Duration.ofMillis(200));
            client.send("{\"execute\": \"ping\", \"id\": 2}");
            assertEquals(json("{\"return\": {}, \"id\": 2}"), client.read());
            assertFalse(client.isEof());
        }
    }

    @Test
    void rawRepliesAreSentAsTheyAre() throws IOException {
        server.on("two", Reply.raw("{\"return\": 1, \"id\": 1}{\"return\": 2, \"id\": 1}"));
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"two\", \"id\": 1}");
            assertEquals("{\"return\": 1, \"id\": 1}", client.readText(T));
            assertEquals("{\"return\": 2, \"id\": 1}", client.readText(T));
        }
    }

    @Test
    void disconnectMidReply() throws IOException {
        server.on("query-pci", Reply.closeAfter("{\"return\": [{\"bus\""));
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"query-pci\", \"id\": 1}");
            assertEquals("{\"return\": [{\"bus\"", client.awaitEof(T));
        }
        server.awaitConnectionCount(0, T);
    }

    @Test
    void closeConnectionInsteadOfAReply() throws IOException {
        server.on("boom", Reply.closeConnection());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"boom\", \"id\": 1}");
            assertEquals("", client.awaitEof(T));
        }
    }

    @Test
    void eventsBeforeAReplyAndCloseAfterIt() throws IOException {
        server.on("stop", Reply.ok().precededBy("STOP"));
        server.on("quit", Reply.ok().precededBy("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}").thenClose());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"stop\", \"id\": 1}");
            JsonNode stop = client.read();
            assertEquals("STOP", stop.get("event").asText());
            assertTrue(stop.at("/timestamp/seconds").asLong() > 1_600_000_000L);
            assertFalse(stop.has("data"));
            assertEquals(json("{\"return\": {}, \"id\": 1}"), client.read());
            client.send("{\"execute\": \"quit\", \"id\": 2}");
            assertEquals(json("{\"guest\": false, \"reason\": \"host-qmp-quit\"}"), client.read().get("data"));
            assertEquals(json("{\"return\": {}, \"id\": 2}"), client.read());
            client.awaitEof(T);
        }
    }

    // ------------------------------------------------------------------ test controls

    @Test
    void eventsToAllOrOneConnection() throws IOException {
        try (RawQmpClient a = RawQmpClient.negotiated(server.address()); RawQmpClient b = RawQmpClient.negotiated(server.address())) {
            FakeQmpConnection first = server.awaitConnection(T);
            FakeQmpConnection second = server.awaitConnection(T);
            assertEquals(1, first.number());
            assertEquals(2, second.number());
            server.sendEvent("RESET", "{\"guest\": true}");
            assertEquals(json("{\"guest\": true}"), a.read().get("data"));
            assertEquals(json("{\"guest\": true}"), b.read().get("data"));
            server.sendEvent(new RawEvent("CUSTOM", null, new QmpTimestamp(-1, -1)));
            assertEquals(json("{\"event\": \"CUSTOM\", \"timestamp\": {\"seconds\": -1, \"microseconds\": -1}}"), a.read());
            assertEquals("CUSTOM", b.read().get("event").asText());
            second.sendEvent("ONLY_B");
            assertEquals("ONLY_B", b.read().get("event").asText());
            a.expectSilence(Duration.ofMillis(100));
        }
    }

    @Test
    void partialFramesFromTheServer() throws IOException, InterruptedException {
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            server.awaitConnection(T);
            server.sendRaw("{\"return\": {\"a\": \"}{\\\"\"}, ");
            client.expectSilence(Duration.ofMillis(100));
            server.sendRaw("\"id\": 42}");
            assertEquals(json("{\"return\": {\"a\": \"}{\\\"\"}, \"id\": 42}"), client.read());
        }
    }

    @Test
    void partialAndPipelinedFramesFromTheClient() throws IOException, InterruptedException {
        server.on("query-status", Reply.ok());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"query-st");
            Thread.sleep(100);
            client.send("atus\", \"id\": \"}\\\"{\"}");
            assertEquals(json("\"}\\\"{\""), client.read().get("id"));
            // no separators at all, one write
            client.send("{\"execute\":\"query-status\",\"id\":1}{\"execute\":\"query-status\",\"id\":2}");
            assertEquals(1, client.read().get("id").asInt());
            assertEquals(2, client.read().get("id").asInt());
        }
    }

    @Test
    void garbageGetsQemusErrorWithoutIdAndTheServerKeepsGoing() throws IOException {
        server.on("ping", Reply.ok());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("garbage\n");
            JsonNode error = client.read();
            assertEquals("GenericError", error.at("/error/class").asText());
            assertEquals("JSON parse error, invalid keyword 'garbage'", error.at("/error/desc").asText());
            assertFalse(error.has("id"));
            client.send("{\"execute\": }");
            JsonNode malformed = client.read();
            assertTrue(malformed.at("/error/desc").asText().startsWith("JSON parse error, "), malformed.toString());
            assertFalse(malformed.has("id"));
            client.send("[1, 2]");
            assertEquals(json("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}"), client.read());
            client.send("{\"id\": 4}");
            assertEquals(json("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input lacks member 'execute'\"}, \"id\": 4}"),
                    client.read());
            client.send("{\"execute\": 3, \"id\": 5}");
            assertEquals("QMP input member 'execute' must be a string", client.read().at("/error/desc").asText());
            client.send("{\"execute\": \"ping\", \"foo\": 1, \"id\": 6}");
            assertEquals(json("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'foo' is unexpected\"}, \"id\": 6}"),
                    client.read());
            client.send("{\"execute\": \"ping\", \"exec-oob\": \"ping\", \"id\": 9}");
            assertEquals("QMP input member 'execute' clashes with 'exec-oob'", client.read().at("/error/desc").asText());
            client.send("{\"execute\": \"ping\", \"arguments\": [], \"id\": 7}");
            assertEquals("QMP input member 'arguments' must be an object", client.read().at("/error/desc").asText());
            client.send("{\"execute\": \"ping\", \"id\": 8}");
            assertEquals(json("{\"return\": {}, \"id\": 8}"), client.read());
            assertEquals(List.of("qmp_capabilities", "ping"), server.received().stream().map(QmpRequest::command).toList());
        }
    }

    @Test
    void execOobNeedsTheOobCapability() throws IOException {
        server.on("ping", Reply.ok());
        try (RawQmpClient plain = RawQmpClient.negotiated(server.address())) {
            plain.send("{\"exec-oob\": \"ping\", \"id\": 1}");
            assertEquals("QMP input member 'exec-oob' is unexpected", plain.read().at("/error/desc").asText());
        }
        try (RawQmpClient oob = RawQmpClient.connectAndGreet(server.address())) {
            oob.send("{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}");
            assertTrue(oob.read().has("return"));
            oob.send("{\"exec-oob\": \"ping\", \"id\": 1}");
            assertEquals(json("{\"return\": {}, \"id\": 1}"), oob.read());
        }
        assertTrue(server.received().stream().anyMatch(QmpRequest::oob));
    }

    @Test
    void receivedAndAwaitRequests() throws IOException {
        server.on("a", Reply.ok());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            client.send("{\"execute\": \"a\", \"arguments\": {\"x\": 1}, \"id\": 1}{\"execute\": \"b\", \"id\": 2}");
            List<QmpRequest> requests = server.awaitRequests(3, T);
            assertEquals(List.of("qmp_capabilities", "a", "b"), requests.stream().map(QmpRequest::command).toList());
            assertEquals(json("{\"x\": 1}"), requests.get(1).arguments());
            assertEquals(new IntNode(2), server.awaitRequest("b", T).id());
            assertEquals(requests, server.connections().get(0).received());
            AssertionError timeout = assertThrows(AssertionError.class, () -> server.awaitRequests(4, Duration.ofMillis(50)));
            assertTrue(timeout.getMessage().contains("[qmp_capabilities, a, b]"), timeout.getMessage());
            server.clearReceived();
            assertEquals(List.of(), server.received());
        }
    }

    @Test
    void stopRespondingIsAHungVm() throws IOException {
        server.on("ping", Reply.ok());
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            server.stopResponding();
            client.send("{\"execute\": \"ping\", \"id\": 1}");
            client.expectSilence(Duration.ofMillis(200));
            try (RawQmpClient late = RawQmpClient.connect(server.address())) {
                late.expectSilence(Duration.ofMillis(100)); // not even a greeting
                assertEquals(1, server.awaitConnection(T).number());
                assertEquals(2, server.awaitConnection(T).number());
                assertFalse(client.isEof());
                server.resumeResponding();
                assertEquals(json("{\"return\": {}, \"id\": 1}"), client.read());
                assertTrue(late.read().has("QMP"));
            }
        }
    }

    @Test
    void dropConnectionsAndReconnect() throws IOException {
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            assertEquals(1, server.awaitConnection(T).number());
            server.dropConnections();
            client.awaitEof(T);
            server.awaitConnectionCount(0, T);
        }
        try (RawQmpClient again = RawQmpClient.negotiated(server.address())) {
            FakeQmpConnection second = server.awaitConnection(T);
            assertEquals(2, second.number());
            assertEquals(1, server.connectionCount());
            assertEquals(2, server.acceptedCount());
            second.close();
            again.awaitEof(T);
        }
    }

    @Test
    void aClientDisconnectEndsItsThreadQuietly() throws IOException, InterruptedException {
        RawQmpClient client = RawQmpClient.negotiated(server.address());
        FakeQmpConnection connection = server.awaitConnection(T);
        client.send("{\"execute\": \"qmp_capa"); // and go away mid-request
        client.close();
        server.awaitConnectionCount(0, T);
        connection.thread().join(T.toMillis());
        assertFalse(connection.thread().isAlive());
        assertFalse(connection.isOpen());
        // a test writing to a closed connection is not an error
        connection.sendEvent("LATE");
    }

    @Test
    void floodEventsWritesThemAllInOrder() throws Exception {
        int count = 100_000;
        try (RawQmpClient client = RawQmpClient.negotiated(server.address())) {
            server.awaitConnection(T);
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> server.floodEvents(count, "FLOOD"));
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < count; i++) {
                JsonNode event = QapiJson.TREE_MAPPER.readTree(client.readText(T));
                assertEquals("FLOOD", event.get("event").asText());
                long micros = event.at("/timestamp/seconds").asLong() * 1_000_000L + event.at("/timestamp/microseconds").asLong();
                assertEquals(previous == Long.MIN_VALUE ? micros : previous + 1, micros);
                previous = micros;
            }
            flood.get(10, TimeUnit.SECONDS);
            client.expectSilence(Duration.ofMillis(50));
        }
    }

    @Test
    void manyConnectionsAtOnce() throws Exception {
        int clients = 300;
        server.on("query-status", request -> Reply.ok("{\"status\": \"running\", \"n\": " + request.id() + "}"));
        List<RawQmpClient> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<RawQmpClient>> futures = new ArrayList<>();
            AtomicInteger ids = new AtomicInteger();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    RawQmpClient c = RawQmpClient.negotiated(server.address());
                    int id = ids.incrementAndGet();
                    c.send("{\"execute\": \"query-status\", \"id\": " + id + "}");
                    JsonNode reply = c.read();
                    assertEquals(id, reply.get("id").asInt());
                    assertEquals(id, reply.at("/return/n").asInt());
                    return c;
                }));
            }
            for (Future<RawQmpClient> f : futures) {
                open.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(clients, server.connectionCount());
            assertEquals(2 * clients, server.received().size());
            server.sendEvent("TO_ALL");
            for (RawQmpClient c : open) {
                assertEquals("TO_ALL", c.read().get("event").asText());
            }
        } finally {
            pool.shutdownNow();
            for (RawQmpClient c : open) {
                c.close();
            }
        }
        server.awaitConnectionCount(0, T);
    }

    @Test
    void tcp() throws IOException {
        try (FakeQmpServer tcp = FakeQmpServer.startTcp(0)) {
            assertTrue(tcp.port() > 0);
            assertThrows(IllegalStateException.class, tcp::socketPath);
            tcp.on("ping", Reply.ok());
            try (RawQmpClient client = RawQmpClient.negotiated(tcp.address())) {
                client.send("{\"execute\": \"ping\", \"id\": 1}");
                assertEquals(json("{\"return\": {}, \"id\": 1}"), client.read());
            }
        }
    }

    @Test
    void closeLeavesNoThreadsAndNoSocketFile(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s.sock");
        Files.writeString(socket, "stale");
        FakeQmpServer local = FakeQmpServer.startUnix(socket);
        String prefix = local.threadName("");
        local.on("slow", Reply.ok().after(Duration.ofSeconds(30)));
        local.on("hang", Reply.never());
        List<RawQmpClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RawQmpClient c = RawQmpClient.negotiated(local.address());
            c.send("{\"execute\": \"slow\", \"id\": 1}{\"execute\": \"hang\", \"id\": 2}");
            clients.add(c);
        }
        local.awaitRequests(60, T);
        local.stopResponding(); // connection threads parked in the hung state must end too
        clients.get(0).send("{\"execute\": \"hang\"}");
        assertTrue(threadsNamed(prefix) >= 22, "accept + 20 connections + delayed replies");
        local.close();
        assertEquals(0, threadsNamed(prefix), "threads left: " + Thread.getAllStackTraces().keySet());
        assertFalse(Files.exists(socket));
        for (RawQmpClient c : clients) {
            c.awaitEof(T);
            c.close();
        }
        local.close(); // idempotent
    }

    @Test
    void startUnixWithoutPathUsesATemporaryDirectoryThatCloseRemoves() {
        Path socket = server.socketPath();
        assertTrue(Files.exists(socket));
        server.close();
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(socket.getParent()));
        assertThrows(AssertionError.class, () -> server.awaitConnection(Duration.ofMillis(10)));
    }

    @Test
    void replyScriptsValidateTheirInput() {
        assertThrows(IllegalArgumentException.class, () -> Reply.ok("{not json"));
        assertThrows(IllegalArgumentException.class, () -> Reply.ok().after(Duration.ofMillis(-1)));
        assertEquals("Reply.ok({}).after(PT1S).withId(7).precededBy(STOP).thenClose()",
                Reply.ok().after(Duration.ofSeconds(1)).withId(new IntNode(7)).precededBy("STOP").thenClose().toString());
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
