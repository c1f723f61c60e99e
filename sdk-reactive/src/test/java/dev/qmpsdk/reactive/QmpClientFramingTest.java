package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.idMember;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.testkit.FakeQmpConnection;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** What the client does with bytes that are not one well-formed message per write. */
class QmpClientFramingTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";

    @Test
    void garbageBetweenMessagesIsSkippedAndCounted() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", r -> Reply.raw("}}garbage\r\n{\"return\": " + RUNNING + idMember(r) + "}\r\n"))) {
            QmpClient client = connect(server);
            server.sendRaw("Segmentation fault (core dumped)\r\n");
            await(() -> client.stats().protocolErrors() >= 1, () -> "garbage counted: " + client.stats());
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running(), "a reply right after garbage");
            assertTrue(client.stats().protocolErrors() >= 2, client.stats().toString());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void aReplySplitAcrossWritesIsReassembled() throws Exception {
        String first = "{\"return\": {\"status\": \"run";
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.raw(first))) {
            QmpClient client = connect(server);
            CompletableFuture<StatusInfo> status = client.execute(QmpCommands.QUERY_STATUS, null).toFuture();
            QmpRequest request = server.awaitRequest("query-status", T);
            Thread.sleep(50); // let the client read the first half on its own
            assertFalse(status.isDone());
            server.sendRaw("ning\", \"singlestep\": false, \"running\": tr");
            Thread.sleep(20);
            server.sendRaw("ue}" + idMember(request) + "}\r\n");
            assertTrue(status.get(T.toSeconds(), TimeUnit.SECONDS).running());

            // An event written one byte per write, with a brace inside a string to keep the scanner honest.
            CompletableFuture<QmpEvent> event = client.events("X_ODD").next().toFuture();
            FakeQmpConnection conn = server.connections().get(0);
            byte[] bytes = "{\"event\": \"X_ODD\", \"data\": {\"s\": \"}{\\\"]\"}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}\r\n"
                    .getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                conn.sendRaw(new byte[] {b});
            }
            QmpEvent e = event.get(T.toSeconds(), TimeUnit.SECONDS);
            assertEquals("X_ODD", e.eventName());
            assertEquals(0, client.stats().protocolErrors());
            client.close().block(T);
        }
    }

    @Test
    void aMalformedMessageIsDroppedAndCounted() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(server);
            server.sendRaw("{\"return\": {]}\r\n");
            await(() -> client.stats().protocolErrors() == 1, () -> "malformed JSON counted: " + client.stats());
            server.sendRaw("{\"neither\": \"reply nor event\"}\r\n");
            await(() -> client.stats().protocolErrors() == 2, () -> "non-QMP object counted: " + client.stats());
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void anOversizeFrameFailsTheConnectionWithAMessageNamingTheLimit() throws Exception {
        String big = "{\"blob\": \"" + "x".repeat(10 * 1024) + "\"}";
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-name", Reply.never())
                .on("query-qmp-schema", Reply.ok(big))) {
            QmpClient client = connect(options(server).maxFrameSize(2048).build());
            CompletableFuture<Void> events = client.events().then().toFuture();
            CompletableFuture<?> other = client.execute(QmpCommands.QUERY_NAME, null).toFuture();
            server.awaitRequest("query-name", T);
            StepVerifier.create(client.executeRaw("query-qmp-schema", null))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QmpConnectionException.class, e);
                        assertTrue(e.getMessage().contains("2048"), e.getMessage());
                        assertTrue(e.getMessage().contains("QmpClientOptions.Builder.maxFrameSize"), e.getMessage());
                        assertInstanceOf(QmpProtocolException.class, e.getCause());
                    })
                    .verify(T);
            Throwable otherError = QmpClientCommandTest.unwrap(other.handle((v, x) -> x).join());
            assertInstanceOf(QmpConnectionException.class, otherError);
            assertTrue(otherError.getMessage().contains("QmpClientOptions.Builder.maxFrameSize"), otherError.getMessage());
            // A transport/protocol failure is FAILED, and the event stream ends with the same error.
            StepVerifier.create(client.states().last()).expectNext(ConnectionState.FAILED).verifyComplete();
            Throwable eventsError = QmpClientCommandTest.unwrap(events.handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(QmpConnectionException.class, eventsError);
            assertTrue(eventsError.getMessage().contains("QmpClientOptions.Builder.maxFrameSize"), eventsError.getMessage());
            server.awaitConnectionCount(0, T);
        }
    }

    @Test
    void aConnectionResetIsFailed() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-name", r -> {
                    entered.countDown();
                    try {
                        release.await(T.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Reply.never();
                })) {
            QmpClient client = connect(server);
            CompletableFuture<Void> events = client.events().then().toFuture();
            client.execute(QmpCommands.QUERY_NAME, null).subscribe(v -> { }, e -> { });
            assertTrue(entered.await(T.toSeconds(), TimeUnit.SECONDS));
            // The fake's thread is stuck in the script: this request stays unread in its socket ...
            CompletableFuture<?> unread = client.execute(QmpCommands.QUERY_STATUS, null).toFuture();
            Thread.sleep(50);
            // ... and closing a Unix socket with unread input resets the peer (ECONNRESET).
            server.dropConnections();
            release.countDown();
            assertInstanceOf(QmpConnectionException.class, QmpClientCommandTest.unwrap(unread.handle((v, x) -> x).join()));
            StepVerifier.create(client.states().last()).expectNext(ConnectionState.FAILED).verifyComplete();
            Throwable eventsError = QmpClientCommandTest.unwrap(events.handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(QmpConnectionException.class, eventsError);
            assertTrue(eventsError.getMessage().toLowerCase().contains("reset"), eventsError.getMessage());
        }
    }
}
