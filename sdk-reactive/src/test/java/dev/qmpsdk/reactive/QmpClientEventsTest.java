package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.ResetEvent;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.reactive.internal.EventDelivery;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The hot event stream (multicast, filters, unknown events, slow subscribers) and the state stream. */
class QmpClientEventsTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";

    private static List<String> names(List<? extends QmpEvent> events) {
        return events.stream().map(QmpEvent::eventName).toList();
    }

    @Test
    void eventsAreHotAndMulticast() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            server.sendEvent("RESUME");
            await(() -> client.stats().eventsReceived() == 1, client.stats()::toString);
            // Hot: RESUME came before anyone subscribed; nobody sees it.
            CompletableFuture<List<QmpEvent>> a = client.events().take(2).collectList().toFuture();
            CompletableFuture<List<QmpEvent>> b = client.events().take(2).collectList().toFuture();
            server.sendEvent("STOP");
            server.sendEvent("RESET", "{\"guest\": true, \"reason\": \"guest-reset\"}");
            for (CompletableFuture<List<QmpEvent>> f : List.of(a, b)) {
                List<QmpEvent> seen = f.get(T.toSeconds(), TimeUnit.SECONDS);
                assertEquals(List.of("STOP", "RESET"), names(seen));
                assertInstanceOf(StopEvent.class, seen.get(0));
                assertTrue(assertInstanceOf(ResetEvent.class, seen.get(1)).guest());
            }
            client.close().block(T);
        }
    }

    @Test
    void eventsAreFilteredByTypeAndByName() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            CompletableFuture<List<StopEvent>> byType = client.events(StopEvent.class).take(2).collectList().toFuture();
            CompletableFuture<List<QmpEvent>> byName = client.events("STOP", "X_VENDOR_EVENT").take(3).collectList().toFuture();
            CompletableFuture<QmpEvent> unknown = client.events("X_VENDOR_EVENT").next().toFuture();
            server.sendEvent("RESUME");
            server.sendEvent("STOP");
            server.sendEvent("X_VENDOR_EVENT", "{\"a\": [1, 2], \"b\": \"c\"}");
            server.sendEvent("POWERDOWN");
            server.sendEvent("STOP");
            assertEquals(List.of("STOP", "STOP"), names(byType.get(T.toSeconds(), TimeUnit.SECONDS)));
            assertEquals(List.of("STOP", "X_VENDOR_EVENT", "STOP"), names(byName.get(T.toSeconds(), TimeUnit.SECONDS)));
            RawEvent raw = assertInstanceOf(RawEvent.class, unknown.get(T.toSeconds(), TimeUnit.SECONDS));
            assertEquals("X_VENDOR_EVENT", raw.eventName());
            assertEquals(2, raw.data().path("a").path(1).asInt());
            assertEquals("c", raw.data().path("b").asText());
            client.close().block(T);
        }
    }

    @Test
    void aSlowSubscriberLosesOldEventsWhileAFastOneAndCommandsKeepUp() throws Exception {
        int flood = 50_000;
        int buffer = 32_768;
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(options(server).eventBufferSize(buffer).eventOverflowPolicy(OverflowPolicy.DROP_OLDEST).build());
            AtomicLong fast = new AtomicLong();
            AtomicLong slow = new AtomicLong();
            Disposable fastSub = client.events().subscribe(e -> fast.incrementAndGet());
            Disposable slowSub = client.events().subscribe(e -> {
                LockSupport.parkNanos(1_000_000);
                slow.incrementAndGet();
            });
            Thread flooder = new Thread(() -> server.floodEvents(flood, "STOP"), "test-flooder");
            flooder.start();
            try {
                await(() -> client.stats().eventsReceived() > 1_000, client.stats()::toString);
                long start = System.nanoTime();
                assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                long slowWhenAnswered = slow.get();
                // Were the event loop held up by the slow subscriber, the reply could only be read once the slow
                // subscriber had taken all but a buffer's worth of the flood (1 ms each). Asserted on counts, not on
                // the latency, so a loaded machine cannot fail it.
                assertTrue(slowWhenAnswered < flood - buffer - EventDelivery.BATCH,
                        "the reply waited for the slow subscriber: it had taken " + slowWhenAnswered + " of " + flood
                                + " events when the reply came, after " + latency);

                await(() -> fast.get() == flood, () -> "fast subscriber saw " + fast.get() + " of " + flood + "; " + client.stats());
                long dropped = client.stats().droppedEvents();
                long slowSeen = slow.get();
                assertTrue(slowWhenAnswered < flood && slowSeen < flood, "the slow subscriber is still far behind: " + slowSeen);
                assertTrue(dropped > 0, client.stats().toString());
                // Bounded: whatever the slow subscriber neither consumed nor holds (its buffer and the batch its
                // delivery took out of it) was dropped.
                assertTrue(dropped >= flood - slowSeen - buffer - EventDelivery.BATCH,
                        "dropped " + dropped + ", consumed " + slowSeen + ", buffer " + buffer);
                assertEquals(flood, client.stats().eventsReceived());
            } finally {
                slowSub.dispose();
                fastSub.dispose();
                client.close().block(T);
                flooder.join(T.toMillis());
            }
        }
    }

    @Test
    void theErrorPolicyEndsASlowSubscribersStreamWithAnErrorNamingTheBuffer() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(options(server).eventBufferSize(64).eventOverflowPolicy(OverflowPolicy.ERROR).build());
            CompletableFuture<Void> slow = client.events()
                    .doOnNext(e -> LockSupport.parkNanos(1_000_000))
                    .then().toFuture();
            Thread flooder = new Thread(() -> server.floodEvents(5_000, "STOP"), "test-flooder");
            flooder.start();
            Throwable error = QmpClientCommandTest.unwrap(slow.handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS));
            QmpException q = assertInstanceOf(dev.qmpsdk.core.QmpEventOverflowException.class, error);
            assertTrue(q.getMessage().contains("buffer of 64"), q.getMessage());
            assertTrue(q.getMessage().contains("OverflowPolicy.ERROR"), q.getMessage());
            flooder.join(T.toMillis());
            await(() -> client.stats().eventsReceived() == 5_000, client.stats()::toString);
            // Only that subscriber's stream ended: the connection and new subscribers carry on.
            assertEquals(ConnectionState.READY, client.state());
            CompletableFuture<QmpEvent> next = client.events().next().toFuture();
            server.sendEvent("RESUME");
            assertEquals("RESUME", next.get(T.toSeconds(), TimeUnit.SECONDS).eventName());
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            client.close().block(T);
        }
    }

    @Test
    void aNormalSessionGoesConnectingNegotiatingReadyClosed() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            // Create, subscribe, then connect: the subscriber sees the state stream from the very start.
            QmpClient client = QmpClient.create(options(server).build());
            List<ConnectionState> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = client.states().doOnNext(seen::add).then().toFuture();
            client.connect().block(T);
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.NEGOTIATING, ConnectionState.READY), seen);
            client.close().block(T);
            done.join();
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.NEGOTIATING, ConnectionState.READY, ConnectionState.CLOSED),
                    seen);

            // Through the public API a subscriber starts at the current state.
            QmpClient again = connect(server);
            StepVerifier.create(again.states())
                    .expectNext(ConnectionState.READY)
                    .then(again::dispose)
                    .expectNext(ConnectionState.CLOSED)
                    .verifyComplete();
        }
    }
}
