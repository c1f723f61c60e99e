package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.idMember;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** No leaked buffers (Netty's paranoid leak detector) and no leftover threads after closing. */
class QmpClientResourceTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
    private static final String CANARY = LeakRecordingDetector.CANARY;

    /**
     * Threads that belong to the JVM or to pools shared by design (Reactor's schedulers, the SDK's one shared loop, the
     * SDK's event delivery threads, which end after a minute idle).
     */
    private static boolean shared(String name) {
        return name.startsWith("boundedElastic-") || name.startsWith("qmp-events-") || name.startsWith("parallel-") || name.startsWith("ForkJoinPool")
                || name.startsWith("qmp-epoll-") || name.startsWith("qmp-nio-") || name.equals("process reaper")
                || name.equals("Attach Listener") || name.equals("ObjectCleanerThread") || name.startsWith("globalEventExecutor");
    }

    /** Live threads, by identity: a fleet's loop threads are named alike in every fleet. */
    private static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).filter(t -> !shared(t.getName()))
                .collect(Collectors.toSet());
    }

    private static void awaitNoNewThreads(Set<Thread> before) {
        await(() -> before.containsAll(threads()), Duration.ofSeconds(8), () -> {
            Set<Thread> extra = threads();
            extra.removeAll(before);
            return "threads left behind: " + extra.stream().map(Thread::getName).collect(Collectors.toCollection(TreeSet::new));
        });
    }

    private static void exercise(QmpClient client, FakeQmpServer server, int commands, int events) throws Exception {
        CompletableFuture<List<dev.qmpsdk.core.protocol.QmpEvent>> seen = client.events().take(events).collectList().toFuture();
        Flux.range(0, commands).flatMap(i -> client.execute(QmpCommands.QUERY_STATUS, null), 32).then().block(T);
        server.floodEvents(events, "STOP");
        assertEquals(events, seen.get(T.toSeconds(), TimeUnit.SECONDS).size());
    }

    @Test
    void noBufferLeaksUnderTheParanoidDetector() throws Exception {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(), "run with -Dio.netty.leakDetection.level=paranoid");
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", Reply.ok(RUNNING))
                .on("stop", Reply.ok().precededBy("STOP"))
                .on("query-name", r -> Reply.raw("junk {\"return\": {}" + idMember(r) + "}\r\n"))) {
            for (int round = 0; round < 3; round++) {
                QmpClient client = connect(server);
                exercise(client, server, 200, 200);
                client.executeRaw("query-name", null).block(T);
                client.execute(QmpCommands.STOP, null).block(T);
                client.close().block(T);
            }
            // One that the server drops mid-reply, and one that overflows its frame limit.
            server.on("query-status", Reply.closeAfter("{\"return\": {\"sta"));
            QmpClient dropped = connect(server);
            Flux.range(0, 10).flatMap(i -> dropped.execute(QmpCommands.QUERY_STATUS, null).onErrorResume(e -> reactor.core.publisher.Mono.empty()))
                    .then().block(T);
            server.on("query-status", Reply.ok("{\"x\": \"" + "y".repeat(4096) + "\"}"));
            QmpClient small = connect(options(server).maxFrameSize(2048).build());
            small.execute(QmpCommands.QUERY_STATUS, null).onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(T);
            await(() -> small.state().isTerminal() && dropped.state().isTerminal(), () -> small + " " + dropped);
        }

        // The detector must really be watching: a deliberately leaked buffer is reported ...
        ByteBuf canary = ByteBufAllocator.DEFAULT.directBuffer(16); // heap Unpooled buffers are not tracked
        canary.touch(CANARY);
        canary = null;
        collectUntil(() -> LeakRecordingDetector.reports().stream().anyMatch(r -> r.contains(CANARY)));
        assertTrue(LeakRecordingDetector.instances() > 0, "the recording detector is installed (see the pom's argLine)");
        assertTrue(LeakRecordingDetector.reports().stream().anyMatch(r -> r.contains(CANARY)), "the canary leak was detected");
        // ... and nothing else, from this test or any that ran before it in this JVM.
        List<String> leaks = LeakRecordingDetector.reports().stream().filter(r -> !r.contains(CANARY)).toList();
        assertEquals(List.of(), leaks);
    }

    /** Runs GC and allocates tracked buffers (each allocation polls the detector's queue) until the condition holds. */
    private static void collectUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBufAllocator.DEFAULT.directBuffer(8).release();
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void closingAClientLeavesNoThreadsBehind() throws Exception {
        // The SDK's shared loop thread is created once per process by design; start it first.
        try (FakeQmpServer warm = FakeQmpServer.startUnix()) {
            connect(warm).close().block(T);
        }
        Set<Thread> before = threads();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            for (int i = 0; i < 3; i++) {
                QmpClient client = connect(server);
                exercise(client, server, 50, 50);
                client.close().block(T);
            }
        }
        awaitNoNewThreads(before);
    }

    @Test
    void disposingAFleetThatOwnsItsLoopLeavesNoThreadsBehind() throws Exception {
        Set<Thread> before = threads();
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            Flux.range(0, 5).flatMap(i -> fleet.add("vm-" + i, options(server).build())).then().block(T);
            Flux.fromIterable(fleet.vmIds()).flatMap(id -> fleet.vm(id).execute(QmpCommands.QUERY_STATUS, null)).then().block(T);
            Set<Thread> started = threads();
            started.removeAll(before);
            assertTrue(started.stream().anyMatch(t -> t.getName().startsWith("qmp-fleet")), "the fleet runs on its own loop: " + started);
            fleet.dispose();
            server.awaitConnectionCount(0, T);
        }
        awaitNoNewThreads(before);
    }
}
