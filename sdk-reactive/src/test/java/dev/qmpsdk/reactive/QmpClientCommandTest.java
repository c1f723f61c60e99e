package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.idMember;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Commands against a scripted server: cold sends, pipelining, errors, deadlines, quit and disconnects. */
class QmpClientCommandTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";

    private static List<QmpRequest> requests(FakeQmpServer server, String command) {
        return server.received().stream().filter(r -> r.command().equals(command)).toList();
    }

    @Test
    void commandsAreColdAndEverySubscriptionSendsTheRequest() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(server);
            Mono<?> status = client.execute(QmpCommands.QUERY_STATUS, null);
            Mono<JsonNode> raw = client.executeRaw("query-status", null);
            server.awaitRequests(1, T);
            assertEquals(List.of(), requests(server, "query-status"), "nothing is sent before subscribe");
            assertEquals(0, client.pendingCommands());

            status.block(T);
            status.block(T);
            raw.block(T);
            List<QmpRequest> sent = requests(server, "query-status");
            assertEquals(3, sent.size(), "every subscription sends the request: " + sent);
            assertEquals(4, client.stats().commandsSent());
            assertEquals(4, client.stats().repliesReceived());
            client.close().block(T);
        }
    }

    @Test
    void manyCommandsAreInFlightAtOnceAndMatchedById() {
        // Replies come back in a different order than the requests went out (shorter delays for later ones).
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("echo", r -> Reply.ok(r.arguments()).after(Duration.ofMillis(1 + (r.arguments().path("n").asInt() * 7) % 40)))) {
            QmpClient client = connect(server);
            int n = 200;
            server.stopResponding();
            CompletableFuture<List<Integer>> all = Flux.range(0, n)
                    .flatMap(i -> client.executeRaw("echo", JsonNodeFactory.instance.objectNode().put("n", i))
                            .map(reply -> {
                                assertEquals(i, reply.path("n").asInt(), "the reply of request " + i);
                                return i;
                            }), n)
                    .collectList()
                    .toFuture();
            // Every request is written before any is answered: pipelining, not one at a time.
            await(() -> client.pendingCommands() == n, () -> client.pendingCommands() + " pending");
            server.resumeResponding();
            assertEquals(n, all.join().size());
            assertEquals(0, client.pendingCommands());
            assertEquals(0, client.stats().unknownIdReplies());
            client.close().block(T);
        }
    }

    @Test
    void aReplyWithAnUnknownIdIsCountedAndBreaksNothing() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", r -> Reply.raw("{\"return\": {}, \"id\": 999999}\r\n{\"return\": {}, \"id\": \"not-ours\"}\r\n"
                        + "{\"return\": " + RUNNING + idMember(r) + "}\r\n"))
                .on("query-name", Reply.ok("{}").withId(IntNode.valueOf(424242)))) {
            QmpClient client = connect(server);
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            assertEquals(2, client.stats().unknownIdReplies());
            // A reply that never carries our id: the command times out, the stray reply is counted.
            StepVerifier.create(client.execute(QmpCommands.QUERY_NAME, null, Duration.ofMillis(200)))
                    .expectError(QmpTimeoutException.class)
                    .verify(T);
            assertEquals(3, client.stats().unknownIdReplies());
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void aReplyThatDoesNotFitTheCommandFailsThatCommandAtOnceAndNothingElse() {
        // Routed by its id before decoding, a bad reply fails its own command with the JSON path (not a
        // timeout later), and the connection goes on.
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", r -> Reply.raw("{\"return\": {\"running\": \"yes\"}" + idMember(r) + "}\r\n"))
                .on("query-name", r -> Reply.raw("{\"return\": {\"name\": \"vm\"}" + idMember(r) + ", }\r\n"))
                .on("cont", Reply.ok())) {
            QmpClient client = connect(server);
            StepVerifier.create(client.execute(QmpCommands.QUERY_STATUS, null, Duration.ofSeconds(30)))
                    .expectErrorSatisfies(e -> {
                        QmpProtocolException x = assertInstanceOf(QmpProtocolException.class, e);
                        assertEquals("/return/running", x.jsonPath());
                        assertTrue(x.getMessage().startsWith("reply to query-status at /return/running: "), x.getMessage());
                    })
                    .verify(T);
            StepVerifier.create(client.execute(QmpCommands.QUERY_NAME, null, Duration.ofSeconds(30)))
                    .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(QmpProtocolException.class, e).getMessage()
                            .startsWith("QMP message: malformed JSON at line 1"), e.getMessage()))
                    .verify(T);
            // (An event carrying a command's id is an event, not that command's reply: QmpClientReplyRoutingTest.)
            client.execute(QmpCommands.CONT, null).block(T);
            assertEquals(0, client.pendingCommands());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void serverErrorsBecomeCommandExceptions() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("stop", Reply.error("GenericError", "Parameter 'bogus' is unexpected"))) {
            QmpClient client = connect(server);
            StepVerifier.create(client.execute(QmpCommands.STOP, null))
                    .expectErrorSatisfies(e -> {
                        QmpCommandException c = assertInstanceOf(QmpCommandException.class, e);
                        assertEquals("GenericError", c.errorClass());
                        assertEquals("Parameter 'bogus' is unexpected", c.description());
                        assertEquals("stop", c.command());
                        assertEquals(requests(server, "stop").get(0).id(), c.id());
                        assertTrue(c.getMessage().contains("stop") && c.getMessage().contains("bogus"), c.getMessage());
                    })
                    .verify(T);
            // Unscripted: the fake answers CommandNotFound like QEMU.
            StepVerifier.create(client.executeRaw("x-no-such-command", null))
                    .expectErrorSatisfies(e -> {
                        QmpCommandException c = assertInstanceOf(QmpCommandException.class, e);
                        assertTrue(c.isCommandNotFound(), c.getMessage());
                        assertEquals("x-no-such-command", c.command());
                        assertEquals(requests(server, "x-no-such-command").get(0).id(), c.id());
                        assertEquals(FakeQmpServer.DEFAULT_GREETING.version(), c.serverVersion());
                        assertTrue(c.getMessage().endsWith("the server (QEMU 7.2.0) does not have this command: a newer QEMU removed or"
                                + " renamed it, or it is newer than that QEMU (compare with client.serverSchema() or 'qmp schema-diff')"), c.getMessage());
                    })
                    .verify(T);
            assertEquals(0, client.pendingCommands());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void aCommandWithoutReplyTimesOutAndItsLateReplyIsCountedAsUnknown() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", Reply.never())
                .on("query-name", Reply.ok("{}").after(Duration.ofMillis(400)))) {
            QmpClient client = connect(options(server).commandTimeout(Duration.ofMillis(150)).build());
            StepVerifier.create(client.execute(QmpCommands.QUERY_STATUS, null))
                    .expectErrorSatisfies(e -> {
                        QmpTimeoutException t = assertInstanceOf(QmpTimeoutException.class, e);
                        assertEquals(Duration.ofMillis(150), t.timeout());
                        assertTrue(t.getMessage().contains("query-status"), t.getMessage());
                    })
                    .verify(T);
            assertEquals(0, client.pendingCommands(), "the pending entry is removed when the deadline fires");

            StepVerifier.create(client.execute(QmpCommands.QUERY_NAME, null))
                    .expectError(QmpTimeoutException.class)
                    .verify(T);
            assertEquals(0, client.pendingCommands());
            await(() -> client.stats().unknownIdReplies() == 1, () -> "late reply counted: " + client.stats());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void eachCommandKeepsItsOwnDeadlineWhateverWasSentBefore() {
        // Deadlines share one sweep per connection: a short deadline after long ones must still fire on time,
        // and an enormous one must not overflow into the past.
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.never()).on("query-name", Reply.never())) {
            QmpClient client = connect(server);
            Disposable forever = client.execute(QmpCommands.QUERY_STATUS, null, Duration.ofDays(1_000_000)).subscribe();
            Disposable long1 = client.execute(QmpCommands.QUERY_STATUS, null, Duration.ofMinutes(5)).subscribe();
            StepVerifier.create(client.execute(QmpCommands.QUERY_NAME, null, Duration.ofMillis(150)))
                    .expectError(QmpTimeoutException.class)
                    .verify(T);
            StepVerifier.create(Flux.merge(
                            client.execute(QmpCommands.QUERY_NAME, null, Duration.ofMillis(300)).materialize(),
                            client.execute(QmpCommands.QUERY_NAME, null, Duration.ofMillis(50)).materialize()))
                    .expectNextMatches(s -> s.getThrowable() instanceof QmpTimeoutException t && t.timeout().equals(Duration.ofMillis(50)))
                    .expectNextMatches(s -> s.getThrowable() instanceof QmpTimeoutException t && t.timeout().equals(Duration.ofMillis(300)))
                    .verifyComplete();
            assertEquals(2, client.pendingCommands(), "the two long commands are still waiting");
            forever.dispose();
            long1.dispose();
            assertEquals(0, client.pendingCommands());
            client.close().block(T);
        }
    }

    @Test
    void cancellingACommandRemovesItsPendingEntry() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.never())) {
            QmpClient client = connect(server);
            Disposable d = client.execute(QmpCommands.QUERY_STATUS, null).subscribe();
            assertEquals(1, client.pendingCommands());
            server.awaitRequest("query-status", T);
            d.dispose();
            assertEquals(0, client.pendingCommands());
            client.close().block(T);
        }
    }

    @Test
    void quitWithReplyThenCloseSucceedsAndEndsClosed() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("quit", Reply.ok().precededBy("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}").thenClose())) {
            QmpClient client = connect(server);
            StepVerifier.create(client.execute(QmpCommands.QUIT, null)).verifyComplete();
            StepVerifier.create(client.states().last()).expectNext(ConnectionState.CLOSED).verifyComplete();
            assertEquals(0, client.pendingCommands());
        }
    }

    @Test
    void quitAnsweredOnlyByClosingSucceedsWhileOtherPendingCommandsFail() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", Reply.never())
                .on("quit", Reply.closeConnection())) {
            QmpClient client = connect(server);
            CompletableFuture<?> other = client.execute(QmpCommands.QUERY_STATUS, null).toFuture();
            server.awaitRequest("query-status", T);
            StepVerifier.create(client.execute(QmpCommands.QUIT, null)).verifyComplete();
            assertInstanceOf(QmpConnectionException.class, unwrap(other.handle((v, t) -> t).join()));
            StepVerifier.create(client.states().last()).expectNext(ConnectionState.CLOSED).verifyComplete();
            assertEquals(0, client.pendingCommands());
        }
    }

    @Test
    void quitFollowedByAConnectionResetStillEndsClosed() throws Exception {
        // QEMU closes right after answering quit; if a request is still unread then, the client sees a reset
        // (ECONNRESET) rather than a clean end of stream. Nothing failed: the VM did what it was asked.
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("quit", r -> {
                    entered.countDown();
                    try {
                        release.await(T.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Reply.ok().precededBy("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}").thenClose();
                })) {
            QmpClient client = connect(server);
            CompletableFuture<Void> events = client.events().then().toFuture();
            CompletableFuture<?> quit = client.execute(QmpCommands.QUIT, null).toFuture();
            assertTrue(entered.await(T.toSeconds(), TimeUnit.SECONDS));
            CompletableFuture<?> unread = client.execute(QmpCommands.QUERY_STATUS, null).toFuture();
            Thread.sleep(50); // let the request reach the fake's socket, where it stays unread
            release.countDown();
            quit.get(T.toSeconds(), TimeUnit.SECONDS);
            assertInstanceOf(QmpConnectionException.class, unwrap(unread.handle((v, x) -> x).join()));
            StepVerifier.create(client.states().last()).expectNext(ConnectionState.CLOSED).verifyComplete();
            events.get(T.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aDisconnectMidReplyFailsEveryPendingCommandAtOnce() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-name", Reply.never())
                .on("query-status", Reply.closeAfter("{\"return\": {\"sta"))) {
            QmpClient client = connect(server);
            CompletableFuture<Void> events = client.events().then().toFuture();
            List<CompletableFuture<?>> waiting = Flux.range(0, 5)
                    .<CompletableFuture<?>>map(i -> client.execute(QmpCommands.QUERY_NAME, null).toFuture()).collectList().block(T);
            server.awaitRequests(6, T);
            long start = System.nanoTime();
            StepVerifier.create(client.execute(QmpCommands.QUERY_STATUS, null))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QmpConnectionException.class, e);
                        assertTrue(e.getMessage().contains("closed"), e.getMessage());
                        assertTrue(e.getMessage().contains(server.socketPath().toString()), e.getMessage());
                    })
                    .verify(T);
            for (CompletableFuture<?> f : waiting) {
                Throwable t = f.handle((v, x) -> x).join();
                assertInstanceOf(QmpConnectionException.class, unwrap(t));
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
                    "failed at once, not by the command deadline");
            assertEquals(0, client.pendingCommands());
            // Documented: the server ending the stream (even mid-message) is a clean end: CLOSED, events complete.
            events.get(T.toSeconds(), TimeUnit.SECONDS);
            StepVerifier.create(client.states().last()).expectNext(ConnectionState.CLOSED).verifyComplete();
            // And nothing can be sent any more.
            StepVerifier.create(client.execute(QmpCommands.QUERY_STATUS, null))
                    .expectError(QmpConnectionException.class).verify(T);
        }
    }

    @Test
    void closingFailsPendingCommandsAndCompletesEvents() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.never())) {
            QmpClient client = connect(server);
            CompletableFuture<Void> events = client.events().then().toFuture();
            CompletableFuture<?> pending = client.execute(QmpCommands.QUERY_STATUS, null).toFuture();
            server.awaitRequest("query-status", T);
            client.close().block(T);
            assertEquals(ConnectionState.CLOSED, client.state(), "closed when close() completes");
            assertInstanceOf(QmpConnectionException.class, unwrap(pending.handle((v, x) -> x).join()));
            events.get(T.toSeconds(), TimeUnit.SECONDS);
            assertTrue(client.isDisposed());
            server.awaitConnectionCount(0, T);
        }
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
