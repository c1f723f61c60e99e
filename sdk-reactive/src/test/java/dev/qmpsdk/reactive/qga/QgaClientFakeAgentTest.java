package dev.qmpsdk.reactive.qga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.reactive.qga.testschema.TestGuestAgent;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestAgentInfo;
import dev.qmpsdk.testkit.FakeGuestAgent;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The guest agent protocol against {@link FakeGuestAgent}, for what a real qemu-ga cannot be made to do: stale replies
 * and garbage before the sentinel, replies to old syncs, replies with wrong ids or none, an agent that never answers a
 * sync, no-reply commands that succeed. The real agent's part is {@code QemuGuestAgentIT}.
 */
class QgaClientFakeAgentTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String INFO = "{\"version\": \"7.2.22\", \"supported_commands\": []}";

    private static QgaClientOptions.Builder options(FakeGuestAgent agent) {
        return QgaClientOptions.unix(agent.socketPath()).syncTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofSeconds(5));
    }

    private static TestGuestAgent connect(FakeGuestAgent agent) {
        return TestGuestAgent.connect(options(agent).build()).block(T);
    }

    private static List<Long> syncIds(FakeGuestAgent agent) {
        return agent.received().stream().filter(r -> r.command().equals("guest-sync-delimited"))
                .map(r -> r.arguments().get("id").asLong()).toList();
    }

    @Test
    void connectingSynchronisesWithAFreshRandomIdAndTypedCommandsFollow() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().on("guest-info", Reply.ok(INFO))) {
            TestGuestAgent first = connect(agent);
            TestGuestAgent second = connect(agent);
            assertEquals(QgaState.READY, first.state());
            GuestAgentInfo info = first.guestInfo().block(T);
            assertEquals("7.2.22", info.version());
            second.guestPing().block(T);
            List<Long> ids = syncIds(agent);
            assertEquals(2, ids.size(), "one sync per connection: " + agent.received());
            assertNotEquals(ids.get(0), ids.get(1), "each sync has a fresh id");
            first.close().block(T);
            second.close().block(T);
            assertEquals(QgaState.CLOSED, first.state());
        }
    }

    @Test
    void staleRepliesGarbageAndAReplyToAnOldSyncBeforeTheSentinelAreDiscarded() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().on("guest-info", Reply.ok(INFO))) {
            // What a client that gave up left queued, a reply to its sync, noise and a half message cut by our sentinel.
            agent.onConnect("{\"return\": {\"version\": \"stale\", \"supported_commands\": []}, \"id\": 7}\n");
            agent.beforeNextSyncReply("\u00ff{\"return\": 12345, \"id\": 12345}\nnoise \u0001\u0002 {\"return\": {\"sta");
            TestGuestAgent client = connect(agent);
            assertEquals("7.2.22", client.guestInfo().block(T).version(), "the command gets its own reply, not a stale one");
            assertEquals(1, syncIds(agent).size(), "nothing stale was taken for the sync's answer");
            client.close().block(T);
        }
    }

    @Test
    void aReplyWithAnotherIdIsDiscardedAndTheClientResynchronises() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()) {
            agent.on("guest-info", request -> {
                agent.sendRaw("{\"return\": {}, \"id\": 99999}\n");   // not ours: an old client's
                return Reply.ok(INFO);
            });
            TestGuestAgent client = connect(agent);
            assertEquals("7.2.22", client.guestInfo().block(T).version());
            client.guestPing().block(T);
            assertEquals(2, syncIds(agent).size(), "a reply that matched nothing triggers a new sync: " + agent.received());
            client.close().block(T);
        }
    }

    @Test
    void aTimedOutCommandFailsItsLateReplyIsDiscardedAndTheNextCommandGetsItsOwn() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()
                .on("guest-info", Reply.ok("{\"version\": \"late\", \"supported_commands\": []}").after(Duration.ofMillis(700)))) {
            // The fake answers in order, so the sync sent after the timeout is answered only after the late reply, about
            // 500 ms later: a sync timeout well above that keeps this test to exactly one re-sync.
            TestGuestAgent client = TestGuestAgent.connect(options(agent).syncTimeout(Duration.ofSeconds(3)).build()).block(T);
            QmpTimeoutException timeout = assertThrows(QmpTimeoutException.class,
                    () -> client.execute(dev.qmpsdk.reactive.qga.testschema.QmpCommands.GUEST_INFO, null, Duration.ofMillis(200)).block(T));
            assertTrue(timeout.getMessage().contains("guest-info"), timeout.getMessage());
            agent.on("guest-info", Reply.ok(INFO));
            assertEquals("7.2.22", client.guestInfo().block(T).version(), "the late reply was not taken for this one");
            List<Long> ids = syncIds(agent);
            assertEquals(2, ids.size(), "a sync after the timeout: " + agent.received());
            assertNotEquals(ids.get(0), ids.get(1));
            client.close().block(T);
        }
    }

    @Test
    void commandsGoOutOneAtATimeInSubscriptionOrder() throws InterruptedException {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().on("guest-info", Reply.never())) {
            TestGuestAgent client = connect(agent);
            List<String> done = new CopyOnWriteArrayList<>();
            client.execute(dev.qmpsdk.reactive.qga.testschema.QmpCommands.GUEST_INFO, null, Duration.ofMillis(600))
                    .subscribe(v -> { }, e -> done.add("info:" + e.getClass().getSimpleName()));
            Mono<Void> ping = client.guestPing().doOnSuccess(v -> done.add("ping"));
            ping.subscribe();
            agent.awaitRequest("guest-info", T);
            Thread.sleep(300);
            assertFalse(agent.received().stream().anyMatch(r -> r.command().equals("guest-ping")),
                    "guest-ping must wait while guest-info is in flight: " + agent.received());
            agent.awaitRequest("guest-ping", T);
            long deadline = System.nanoTime() + T.toNanos();
            while (done.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of("info:QmpTimeoutException", "ping"), done);
            List<String> order = agent.received().stream().map(QmpRequest::command).toList();
            assertEquals(List.of("guest-sync-delimited", "guest-info", "guest-sync-delimited", "guest-ping"), order,
                    "after the timeout a sync goes first");
            client.close().block(T);
        }
    }

    @Test
    void guestShutdownThatSendsNoReplySucceedsOnceTheAgentAnswersTheNextSync() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().on("guest-shutdown", Reply.never())) {
            TestGuestAgent client = connect(agent);
            long started = System.nanoTime();
            client.guestShutdown(b -> b.mode("powerdown")).block(T);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
                    "no wait for a reply that never comes");
            assertEquals("powerdown", agent.awaitRequest("guest-shutdown", T).arguments().get("mode").asText());
            client.guestPing().block(T);
            client.close().block(T);
        }
    }

    @Test
    void aNoReplyCommandFailsWithTheAgentsError() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()
                .on("guest-suspend-ram", Reply.error("GenericError", "suspend is not supported"))) {
            TestGuestAgent client = connect(agent);
            QmpCommandException e = assertThrows(QmpCommandException.class, () -> client.guestSuspendRam().block(T));
            assertTrue(e.getMessage().contains("suspend is not supported"), e.getMessage());
            client.guestPing().block(T);
            client.close().block(T);
        }
    }

    @Test
    void aNoReplyCommandSucceedsWhenTheAgentGoesAwayAndTheClientWaitsForItsReturn() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().on("guest-shutdown", Reply.closeConnection())) {
            TestGuestAgent client = connect(agent);
            List<QgaState> states = new CopyOnWriteArrayList<>();
            client.states().subscribe(states::add);
            client.executeRaw("guest-shutdown", null).block(T);   // raw: known to send no reply
            client.guestPing().block(T);                          // waits for the agent to be back, then runs
            assertTrue(states.contains(QgaState.WAITING), "the client waited again: " + states);
            assertEquals(QgaState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void theCommandInFlightFailsWhenTheAgentGoesAwayAndLaterCommandsRunAfterItIsBack() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().on("guest-info", Reply.never())) {
            TestGuestAgent client = connect(agent);
            Mono<GuestAgentInfo> inFlight = client.guestInfo();
            var failure = inFlight.toFuture();
            agent.awaitRequest("guest-info", T);
            agent.dropConnections();
            QmpConnectionException e = assertThrows(QmpConnectionException.class, () -> Mono.fromFuture(failure).block(T));
            assertTrue(e.getMessage().contains("guest-info") && e.getMessage().contains("not retried"), e.getMessage());
            client.guestPing().block(T);
            assertEquals(2, syncIds(agent).size());
            client.close().block(T);
        }
    }

    @Test
    void anAgentThatNeverAnswersTheSyncFailsConnectAtTheReadyDeadlineAfterSeveralFreshSyncs() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().answerSyncs(false)) {
            QgaClient client = QgaClient.create(options(agent).syncTimeout(Duration.ofMillis(150)).readyTimeout(Duration.ofSeconds(2)).build());
            List<QgaState> states = new CopyOnWriteArrayList<>();
            client.states().subscribe(states::add);
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> client.connect().block(T));
            assertTrue(e.getMessage().contains(agent.socketPath().toString()) && e.getMessage().contains("guest-sync-delimited"), e.getMessage());
            assertEquals(QgaState.FAILED, client.state());
            assertEquals(List.of(QgaState.WAITING, QgaState.SYNCING, QgaState.FAILED), states);
            Set<Long> ids = syncIds(agent).stream().collect(Collectors.toSet());
            assertTrue(ids.size() >= 3, "a fresh id after each sync timeout: " + syncIds(agent));
            assertInstanceOf(QmpConnectionException.class, assertThrows(RuntimeException.class, () -> client.executeRaw("guest-ping", null).block(T)));
        }
    }

    @Test
    void anAgentThatDoesNotEchoIdsIsAnsweredInOrder() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().echoIds(false).on("guest-info", Reply.ok(INFO))) {
            TestGuestAgent client = connect(agent);
            assertEquals("7.2.22", client.guestInfo().block(T).version());
            client.guestPing().block(T);
            assertEquals(1, syncIds(agent).size());
            client.close().block(T);
        }
    }

    @Test
    void aCommandBeforeConnectFailsSayingSo() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()) {
            QgaClient client = QgaClient.create(options(agent).build());
            QmpConnectionException e = assertThrows(QmpConnectionException.class, () -> client.executeRaw("guest-ping", null).block(T));
            assertTrue(e.getMessage().contains("connect() first"), e.getMessage());
            client.close().block(T);
        }
    }
}
