package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.testkit.FakeQmpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/** How events reach subscribers: demand, order, cancellation, late subscribers and the fleet's overflow error. */
class EventDeliveryTest {

    @Test
    void eventsComeInOrderAndOnlyAsFastAsTheSubscriberAsks() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            StepVerifier.create(client.events("X_SEQ"), 0)
                    .then(() -> {
                        for (int i = 0; i < 5; i++) {
                            server.sendEvent("X_SEQ", "{\"n\": " + i + "}");
                        }
                    })
                    .thenRequest(2)
                    .assertNext(e -> assertEquals(0, seq(e)))
                    .assertNext(e -> assertEquals(1, seq(e)))
                    // Nothing more is delivered without demand, though three more events are buffered.
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenRequest(10)
                    .assertNext(e -> assertEquals(2, seq(e)))
                    .assertNext(e -> assertEquals(3, seq(e)))
                    .assertNext(e -> assertEquals(4, seq(e)))
                    .thenCancel()
                    .verify(T);
            assertEquals(0, client.stats().droppedEvents());
            client.close().block(T);
        }
    }

    @Test
    void theEndArrivesWithoutDemandOnceNothingIsBuffered() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            // No request at all: completion (like an error) needs no demand, only an empty buffer.
            StepVerifier.create(client.events(), 0)
                    .then(() -> client.close().block(T))
                    .expectComplete()
                    .verify(T);
            QmpClient second = connect(server);
            StepVerifier.create(second.events(), 0)
                    .then(() -> server.sendEvent("STOP"))
                    .then(() -> await(() -> second.stats().eventsReceived() == 1, second.stats()::toString))
                    .then(() -> second.close().block(T))
                    .expectNoEvent(Duration.ofMillis(100))   // the STOP is still buffered: it comes first, on demand
                    .thenRequest(1)
                    .assertNext(e -> assertEquals("STOP", e.eventName()))
                    .expectComplete()
                    .verify(T);
        }
    }

    @Test
    void aCancelledSubscriberNoLongerBuffersOrDrops() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(options(server).eventBufferSize(4).eventOverflowPolicy(OverflowPolicy.DROP_OLDEST).build());
            BaseSubscriber<QmpEvent> stalled = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                    // no demand at all: everything stays in (or falls out of) its buffer of 4
                }
            };
            client.events().subscribe(stalled);
            for (int i = 0; i < 10; i++) {
                server.sendEvent("STOP");
            }
            await(() -> client.stats().eventsReceived() == 10, client.stats()::toString);
            assertEquals(6, client.stats().droppedEvents());
            stalled.cancel();
            sendStopsAndAwaitThem(server, client, 10);
            assertEquals(6, client.stats().droppedEvents(), "a cancelled subscriber's buffer is detached, so nothing more is dropped for it");
            client.close().block(T);
        }
    }

    @Test
    void aSubscriberThatCancelsAtOnceLeavesNoBufferBehind() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(options(server).eventBufferSize(2).eventOverflowPolicy(OverflowPolicy.DROP_OLDEST).build());
            client.events().subscribe(new BaseSubscriber<QmpEvent>() {
                @Override
                protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                    cancel();   // cancels from onSubscribe, before the subscription is even in place
                }
            });
            sendStopsAndAwaitThem(server, client, 5);
            assertEquals(0, client.stats().droppedEvents(), "a buffer left attached would have dropped 3 of the 5 STOPs");
            client.close().block(T);
        }
    }

    @Test
    void subscribingAfterTheConnectionEndedEndsAtOnceTheSameWay() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient closed = connect(server);
            closed.close().block(T);
            StepVerifier.create(closed.events()).expectComplete().verify(T);

            // A message over the frame limit fails the connection.
            QmpClient failed = connect(options(server).maxFrameSize(1024).build());
            server.sendRaw("{\"event\": \"X\", \"data\": \"" + "x".repeat(2048) + "\"}\r\n");
            await(() -> failed.state() == ConnectionState.FAILED, failed::toString);
            StepVerifier.create(failed.events())
                    .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(QmpConnectionException.class, e).getMessage().contains("maximum frame size"),
                            e.getMessage()))
                    .verify(T);
        }
    }

    @Test
    void aSubscriberThatThrowsGetsTheErrorAndOthersCarryOn() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            CompletableFuture<Throwable> failed = client.events()
                    .doOnNext(e -> {
                        throw new IllegalStateException("subscriber bug");
                    })
                    .then().toFuture().handle((v, x) -> x);
            CompletableFuture<List<QmpEvent>> healthy = client.events().take(2).collectList().toFuture();
            server.sendEvent("STOP");
            server.sendEvent("RESUME");
            Throwable error = QmpClientCommandTest.unwrap(failed.get(T.toSeconds(), TimeUnit.SECONDS));
            assertEquals("subscriber bug", error.getMessage());
            assertEquals(2, healthy.get(T.toSeconds(), TimeUnit.SECONDS).size());
            client.close().block(T);
        }
    }

    @Test
    void inAFleetTheErrorPolicyEndsTheMergedStreamNamingTheVm() throws Exception {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer flooding = FakeQmpServer.startUnix(); FakeQmpServer quiet = FakeQmpServer.startUnix()) {
            fleet.add("flooding", options(flooding).eventBufferSize(8).eventOverflowPolicy(OverflowPolicy.ERROR).build()).block(T);
            fleet.add("quiet", options(quiet).build()).block(T);
            List<String> seenFrom = new ArrayList<>();
            CompletableFuture<Throwable> ended = fleet.events()
                    .doOnNext(e -> {
                        seenFrom.add(e.vmId());
                        LockSupport.parkNanos(1_000_000);
                    })
                    .then().toFuture().handle((v, x) -> x);
            flooding.floodEvents(2_000, "STOP");
            Throwable error = QmpClientCommandTest.unwrap(ended.get(T.toSeconds(), TimeUnit.SECONDS));
            QmpException q = assertInstanceOf(dev.qmpsdk.core.QmpEventOverflowException.class, error);
            assertTrue(q.getMessage().startsWith("VM 'flooding': "), q.getMessage());
            assertTrue(q.getMessage().contains("buffer of 8"), q.getMessage());
            assertTrue(seenFrom.size() < 2_000, "the stream ended early: " + seenFrom.size());
            // The VMs themselves carry on.
            assertEquals(ConnectionState.READY, fleet.vm("flooding").state());
            assertEquals(ConnectionState.READY, fleet.vm("quiet").state());
        } finally {
            fleet.close().block(T);
        }
    }

    /**
     * Sends {@code stops} STOP events and then a RESUME, and returns once a subscriber (which takes only RESUME, so
     * none of the STOPs enter its buffer) has seen that RESUME: every STOP before it has been published by then.
     */
    private static void sendStopsAndAwaitThem(FakeQmpServer server, QmpClient client, int stops) {
        CompletableFuture<List<QmpEvent>> fence = client.events("RESUME").take(1).collectList().toFuture();
        for (int i = 0; i < stops; i++) {
            server.sendEvent("STOP");
        }
        server.sendEvent("RESUME");
        assertEquals(1, fence.join().size());
    }

    private static int seq(QmpEvent e) {
        return assertInstanceOf(RawEvent.class, e).data().path("n").asInt(-1);
    }
}
