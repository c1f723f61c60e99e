package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpUnknownVmException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Many monitors on one event loop, against fake servers. */
class QmpClientFleetTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
    private static final String PAUSED = "{\"status\": \"paused\", \"singlestep\": false, \"running\": false}";

    @Test
    void aVmsClientFollowsItAcrossReconnections() throws Exception {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient vm = fleet.add("a", options(server).build(), ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(100), 100))
                    .block(T);
            assertSame(vm, fleet.vm("a"), "add returns the VM's client");
            assertSame(vm, vm.connect().block(T), "a ready VM is connected");
            CompletableFuture<List<String>> events = vm.events().map(QmpEvent::eventName).take(2).collectList().toFuture();
            server.sendEvent("STOP");
            await(() -> vm.stats().eventsReceived() == 1, () -> "STOP not received: " + vm.stats());

            server.dropConnections();   // QEMU restarted: the fleet reconnects, the client stays the same
            await(() -> server.acceptedCount() == 2 && vm.state() == ConnectionState.READY, () -> "not reconnected: " + vm.state());
            server.sendEvent("RESUME");
            assertEquals(List.of("STOP", "RESUME"), events.get(T.toSeconds(), TimeUnit.SECONDS), "one event stream over both connections");
            assertTrue(vm.queryStatus().block(T).running(), "commands go to the new connection");
            assertEquals(1, vm.stats().eventsReceived(), "the stats are the current connection's: RESUME, not STOP");
        } finally {
            fleet.close().block(T);
        }
    }

    @Test
    void vmsAreAddedRemovedAndAddressedById() throws Exception {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer a = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING));
                FakeQmpServer b = FakeQmpServer.startUnix().on("query-status", Reply.ok(PAUSED))) {
            QmpClient ca = fleet.add("a", options(a).build()).block(T);
            fleet.add("b", options(b).build()).block(T);
            assertEquals(Set.of("a", "b"), fleet.vmIds());
            assertEquals(ca, fleet.vm("a"));

            StepVerifier.create(fleet.add("a", options(b).build()))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(IllegalArgumentException.class, e);
                        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
                    })
                    .verify(T);
            assertEquals(ca, fleet.vm("a"), "the rejected duplicate did not replace the VM");
            assertEquals(1, a.acceptedCount());
            assertEquals(1, b.acceptedCount(), "the duplicate did not even connect");

            assertTrue(fleet.vm("a").execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            assertEquals("paused", fleet.vm("b").execute(QmpCommands.QUERY_STATUS, null).block(T).status().wireName());

            // Merged events carry the VM id.
            CompletableFuture<List<VmEvent<StopEvent>>> stops = fleet.events(StopEvent.class).take(2).collectList().toFuture();
            a.sendEvent("STOP");
            b.sendEvent("STOP");
            assertEquals(Set.of("a", "b"),
                    stops.get(T.toSeconds(), TimeUnit.SECONDS).stream().map(VmEvent::vmId).collect(Collectors.toSet()));

            fleet.remove("a").block(T);
            assertEquals(Set.of("b"), fleet.vmIds());
            QmpUnknownVmException unknown = assertThrows(QmpUnknownVmException.class, () -> fleet.vm("a"));
            assertEquals("a", unknown.vmId());
            assertTrue(unknown.getMessage().contains("'a'") && unknown.getMessage().contains("b"), unknown.getMessage());
            assertEquals(ConnectionState.CLOSED, ca.state());
            a.awaitConnectionCount(0, T);
            // The client of a removed VM says so too, and so does an id that was never added.
            StepVerifier.create(ca.execute(QmpCommands.QUERY_STATUS, null))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QmpUnknownVmException.class, e);
                        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("removed"), e.getMessage());
                    })
                    .verify(T);
            assertThrows(QmpUnknownVmException.class, () -> fleet.vm("never-added"));
            // The id is free again.
            assertNotNull(fleet.add("a", options(a).build()).block(T));
            assertTrue(fleet.vm("a").execute(QmpCommands.QUERY_STATUS, null).block(T).running());
        } finally {
            fleet.dispose();
        }
    }

    @Test
    void vmsAddedConcurrentlyAllReachTheMergedStreams() throws Exception {
        // Services add their VMs in parallel. Each add must reach every merged stream (a sink refuses an emission
        // that overlaps another, which once left such VMs out). No server is needed: a VM that fails to connect
        // was still announced, so its CONNECTING and FAILED states show in states().
        QmpFleet fleet = QmpFleet.create();
        int threads = 8;
        int rounds = 100;
        Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
        reactor.core.Disposable watching = fleet.states().subscribe(s -> announced.add(s.vmId()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
            List<java.util.concurrent.Future<?>> adding = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                adding.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        together.await(10, TimeUnit.SECONDS);
                        fleet.add("vm-" + thread + "-" + r, QmpClientOptions.unix(java.nio.file.Path.of("/nonexistent/qmp-" + thread)).build())
                                .onErrorResume(e -> reactor.core.publisher.Mono.empty()).subscribe();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : adding) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(threads * rounds, announced.size(), "every VM added reached the merged state stream");
        } finally {
            pool.shutdownNow();
            watching.dispose();
            fleet.close().block(T);
        }
    }

    @Test
    void closeCompletesOnceEveryConnectionIsClosed() throws Exception {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer a = FakeQmpServer.startUnix().on("query-status", Reply.never());
                FakeQmpServer b = FakeQmpServer.startUnix()) {
            QmpClient first = fleet.add("a", options(a).build()).block(T);
            QmpClient second = fleet.add("b", options(b).build()).block(T);
            CompletableFuture<List<VmEvent<QmpEvent>>> events = fleet.events().collectList().toFuture();
            CompletableFuture<?> pending = fleet.vm("a").execute(QmpCommands.QUERY_STATUS, null).toFuture();
            a.awaitRequest("query-status", T);
            fleet.close().block(T);
            assertEquals(ConnectionState.CLOSED, first.state());
            assertEquals(ConnectionState.CLOSED, second.state());
            assertTrue(fleet.vmIds().isEmpty());
            assertInstanceOf(QmpConnectionException.class, QmpClientCommandTest.unwrap(pending.handle((v, x) -> x).join()));
            assertEquals(List.of(), events.get(5, TimeUnit.SECONDS), "the merged event stream completes");
            StepVerifier.create(fleet.add("c", options(b).build())).expectError(IllegalStateException.class).verify(T);
        } finally {
            fleet.dispose();
        }
    }

    @Test
    void aHungVmDoesNotDelayAnother() {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer hung = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING));
                FakeQmpServer fine = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            fleet.add("hung", options(hung).commandTimeout(Duration.ofMillis(500)).build()).block(T);
            fleet.add("fine", options(fine).build()).block(T);
            hung.stopResponding();
            CompletableFuture<?> stuck = Flux.range(0, 20)
                    .flatMap(i -> fleet.vm("hung").execute(QmpCommands.QUERY_STATUS, null))
                    .then().toFuture();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                assertTrue(fleet.vm("fine").execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(!stuck.isDone(), "the hung VM's commands are still waiting");
            assertTrue(took.compareTo(Duration.ofMillis(500)) < 0, "50 commands on the healthy VM took " + took);
            assertInstanceOf(QmpTimeoutException.class, QmpClientCommandTest.unwrap(stuck.handle((v, x) -> x).join()));
            hung.resumeResponding();
        } finally {
            fleet.dispose();
        }
    }

    @Test
    void aFloodingVmLosesOnlyItsOwnEventsToASlowSubscriber() throws Exception {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer flooding = FakeQmpServer.startUnix(); FakeQmpServer quiet = FakeQmpServer.startUnix()) {
            fleet.add("flooding", options(flooding).build()).block(T);
            fleet.add("quiet", options(quiet).build()).block(T);
            int flood = 20_000;
            java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> seen = new java.util.concurrent.ConcurrentHashMap<>();
            Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            reactor.core.Disposable sub = fleet.events().subscribe(e -> {
                threads.add(Thread.currentThread().getName());
                seen.computeIfAbsent(e.vmId(), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(100_000); // a slow subscriber: 0.1 ms per event
            });
            try {
                CompletableFuture<Void> written = CompletableFuture.runAsync(() -> flooding.floodEvents(flood, "STOP"));
                for (int i = 0; i < 5; i++) {
                    quiet.sendEvent("RESUME");
                }
                written.get(60, TimeUnit.SECONDS);
                QmpClient floodingClient = fleet.vm("flooding");
                QmpClient quietClient = fleet.vm("quiet");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (count(seen, "flooding") + floodingClient.stats().droppedEvents() < flood || count(seen, "quiet") < 5) {
                    assertTrue(System.nanoTime() < deadline, "events still missing: " + seen + ", dropped " + floodingClient.stats().droppedEvents());
                    Thread.sleep(20);
                }
                assertEquals(flood, count(seen, "flooding") + floodingClient.stats().droppedEvents(), "every flooded event delivered or counted");
                assertTrue(floodingClient.stats().droppedEvents() > 0, "the slow subscriber must have lost some of the flood");
                assertEquals(5, count(seen, "quiet"), "the quiet VM's events all arrive");
                assertEquals(0, quietClient.stats().droppedEvents());
                assertTrue(threads.stream().noneMatch(t -> t.startsWith("qmp-fleet")), "delivered off the event loop: " + threads);
            } finally {
                sub.dispose();
            }
        } finally {
            fleet.dispose();
        }
    }

    private static int count(java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> seen, String vm) {
        java.util.concurrent.atomic.AtomicInteger n = seen.get(vm);
        return n == null ? 0 : n.get();
    }

    @Test
    void oneHundredConnectionsOnOneFleet() throws Exception {
        int n = 100;
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            Flux.range(0, n).flatMap(i -> fleet.add("vm-" + i, options(server).build()), 16).then().block(T);
            assertEquals(n, fleet.vmIds().size());
            server.awaitConnectionCount(n, T);

            List<Boolean> running = Flux.fromIterable(fleet.vmIds())
                    .flatMap(id -> fleet.vm(id).execute(QmpCommands.QUERY_STATUS, null))
                    .map(s -> s.running())
                    .collectList().block(T);
            assertEquals(n, running.size());
            assertTrue(running.stream().allMatch(r -> r));

            CompletableFuture<List<VmEvent<QmpEvent>>> events = fleet.events().take(n).collectList().toFuture();
            server.sendEvent("STOP");
            List<VmEvent<QmpEvent>> got = events.get(T.toSeconds(), TimeUnit.SECONDS);
            assertEquals(fleet.vmIds(), got.stream().map(VmEvent::vmId).collect(Collectors.toSet()));
            assertTrue(got.stream().allMatch(e -> e.event() instanceof StopEvent));
        } finally {
            fleet.dispose();
        }
    }
}
