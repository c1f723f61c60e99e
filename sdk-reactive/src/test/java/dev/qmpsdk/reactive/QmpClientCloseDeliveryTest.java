package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpEventOverflowException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.testkit.FakeQmpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** What close() waits for, and how the ERROR overflow policy reaches a subscriber that stopped requesting. */
class QmpClientCloseDeliveryTest {

    /** A subscriber that takes its time: the event is still on its way to it when close() is called. */
    private static List<String> slowSubscriber(QmpClient client) {
        List<String> seen = new CopyOnWriteArrayList<>();
        client.events().subscribe(e -> {
            sleep(Duration.ofMillis(200));
            seen.add(e.eventName());
        });
        return seen;
    }

    @Test
    void closeCompletesAfterTheEventsAlreadyReceivedReachedTheSubscribers() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            List<String> seen = slowSubscriber(client);
            server.sendEvent("STOP");
            server.sendEvent("RESUME");
            await(() -> client.stats().eventsReceived() == 2, client.stats()::toString);
            client.close().block(T);
            assertEquals(List.of("STOP", "RESUME"), seen, "delivered when close() completed");
        }
    }

    @Test
    void aFleetsCloseWaitsForItsMergedEventStreams() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpFleet fleet = QmpFleet.create();
            fleet.add("vm-1", options(server).build()).block(T);
            List<String> seen = new CopyOnWriteArrayList<>();
            fleet.events().subscribe(e -> {
                sleep(Duration.ofMillis(200));
                seen.add(e.vmId() + ":" + e.event().eventName());
            });
            server.sendEvent("RESUME");
            QmpClient client = fleet.vm("vm-1");
            await(() -> client != null && client.stats().eventsReceived() == 1, () -> String.valueOf(client));
            fleet.close().block(T);
            assertEquals(List.of("vm-1:RESUME"), seen, "delivered when close() completed");
        }
    }

    @Test
    void aSubscriberThatClosesFromItsOwnCallbackDoesNotWaitForItself() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            CompletableFuture<ConnectionState> closedFromCallback = new CompletableFuture<>();
            client.events().subscribe(e -> {
                client.close().block(T);
                closedFromCallback.complete(client.state());
            });
            server.sendEvent("SHUTDOWN");
            assertEquals(ConnectionState.CLOSED, closedFromCallback.get(T.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void aSubscriberWithoutDemandDoesNotHoldCloseAndStillGetsItsEventsWhenItAsks() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            Requesting subscriber = new Requesting(0);
            client.events().subscribe(subscriber);
            server.sendEvent("STOP");
            await(() -> client.stats().eventsReceived() == 1, client.stats()::toString);
            client.close().block(T);
            subscriber.request(1);
            await(() -> subscriber.seen.size() == 1 && subscriber.completed, () -> subscriber.seen + " completed " + subscriber.completed);
            assertEquals("STOP", subscriber.seen.get(0).eventName());
        }
    }

    /**
     * With OverflowPolicy.ERROR, the subscriber learns of the overflow while it requests nothing: onError needs no
     * demand. The buffered events are discarded (and counted as dropped).
     */
    @Test
    void anOverflowReachesASubscriberThatStoppedRequestingAtOnce() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(options(server).eventBufferSize(4).eventOverflowPolicy(OverflowPolicy.ERROR).build());
            Requesting subscriber = new Requesting(1);
            client.events().subscribe(subscriber);
            server.sendEvent("RESUME");
            await(() -> subscriber.seen.size() == 1, () -> "the first event was not delivered: " + client.stats());
            server.floodEvents(10, "STOP");   // the subscriber requests nothing more
            await(() -> subscriber.error.get() != null, () -> "no error; seen " + subscriber.seen.size() + ", " + client.stats());
            QmpEventOverflowException e = assertInstanceOf(QmpEventOverflowException.class, subscriber.error.get());
            assertTrue(e.getMessage().contains("buffer of 4 events overflowed"), e.getMessage());
            assertTrue(e.getMessage().contains("discarded"), e.getMessage());
            assertEquals(1, subscriber.seen.size(), "what it requested before the overflow");
            await(() -> client.stats().eventsReceived() == 11, client.stats()::toString);
            // 4 buffered, then the fifth overflowed: all 5 dropped; the rest reached no buffer (the stream had ended).
            assertEquals(5, client.stats().droppedEvents(), client.stats().toString());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }

    @Test
    void aFleetsMergedStreamEndsWithTheOverflowOfOneVmWithoutDemand() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpFleet fleet = QmpFleet.create();
            fleet.add("web-1", options(server).eventBufferSize(4).eventOverflowPolicy(OverflowPolicy.ERROR).build()).block(T);
            Requesting subscriber = new Requesting(0);
            fleet.events().subscribe(subscriber);
            server.floodEvents(10, "STOP");
            await(() -> subscriber.error.get() != null, () -> "no error; " + fleet.vm("web-1"));
            QmpEventOverflowException e = assertInstanceOf(QmpEventOverflowException.class, subscriber.error.get());
            assertTrue(e.getMessage().startsWith("VM 'web-1': "), e.getMessage());
            fleet.close().block(T);
        }
    }

    /** Requests what it is told, records what it gets. */
    private static final class Requesting extends BaseSubscriber<Object> {
        private final long initial;
        final List<QmpEvent> seen = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean completed;

        Requesting(long initial) {
            this.initial = initial;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            if (initial > 0) {
                subscription.request(initial);
            }
        }

        @Override
        protected void hookOnNext(Object value) {
            seen.add(value instanceof VmEvent<?> vm ? vm.event() : (QmpEvent) value);
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
