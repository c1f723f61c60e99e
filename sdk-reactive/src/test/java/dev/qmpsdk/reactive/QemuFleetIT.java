package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.testkit.QemuProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Fleets of real QEMUs on the fleet's single event-loop thread. */
class QemuFleetIT {
    private static final Duration T = Duration.ofSeconds(10);

    private final List<QemuProcess> qemus = new ArrayList<>();
    private QmpFleet fleet;

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @AfterEach
    void closeAll() {
        if (fleet != null) {
            Flux.fromIterable(fleet.vmIds()).flatMap(fleet::remove).then().block(T);
            fleet.dispose();
        }
        qemus.forEach(QemuProcess::close);
    }

    private QemuProcess start(QemuProcess.Builder builder) {
        QemuProcess q = builder.start();
        qemus.add(q);
        return q;
    }

    /** Starts {@code n} QEMUs and adds them to the fleet concurrently; returns vm id → process. */
    private Map<String, QemuProcess> addVms(int n) {
        Map<String, QemuProcess> vms = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            vms.put("vm-" + i, start(QemuProcess.builder().qmpUnixSocket()));
        }
        Flux.fromIterable(vms.entrySet())
                .flatMap(e -> fleet.add(e.getKey(), QmpClientOptions.unix(e.getValue().socketPath()).build())
                        // Say whether QEMU itself died (e.g. crashed) rather than the client failing to connect.
                        .onErrorMap(x -> new AssertionError("cannot add " + e.getKey() + " (" + e.getValue() + ", "
                                + e.getValue().exitStatus() + ", stderr: "
                                + e.getValue().stderr().strip() + "): " + x, x)))
                .then()
                .block(T);
        assertEquals(vms.keySet(), fleet.vmIds());
        return vms;
    }

    @Test
    void twentyTwoVmsOnOneEventLoopThread() {
        fleet = QmpFleet.create();
        int n = 22;
        Map<String, QemuProcess> vms = addVms(n);
        Set<Thread> ioThreads = ConcurrentHashMap.newKeySet();

        // Subscribe before acting: the merged stream is hot.
        Mono<List<VmEvent<QmpEvent>>> events = fleet.events()
                .filter(e -> e.event().eventName().equals("STOP") || e.event().eventName().equals("RESUME"))
                .take(2L * n)
                .collectList()
                .cache();
        events.subscribe();

        // All VMs at once: stop, check paused, cont, check running. Replies complete the Monos on the I/O thread,
        // so doOnSuccess/doOnNext (before any publishOn) record which thread did the I/O.
        List<String> done = Flux.fromIterable(vms.keySet())
                .flatMap(id -> fleet.vm(id).execute(QmpCommands.STOP, null)
                        .doOnSuccess(x -> ioThreads.add(Thread.currentThread()))
                        .then(fleet.vm(id).execute(QmpCommands.QUERY_STATUS, null))
                        .doOnNext(s -> {
                            ioThreads.add(Thread.currentThread());
                            assertEquals(RunState.PAUSED, s.status(), id);
                        })
                        .then(fleet.vm(id).execute(QmpCommands.CONT, null))
                        .doOnSuccess(x -> ioThreads.add(Thread.currentThread()))
                        .then(fleet.vm(id).execute(QmpCommands.QUERY_STATUS, null))
                        .doOnNext(s -> {
                            ioThreads.add(Thread.currentThread());
                            assertTrue(s.running(), id);
                        })
                        .thenReturn(id), n)
                .collectList()
                .block(T);
        assertNotNull(done);
        assertEquals(vms.keySet(), Set.copyOf(done));

        List<VmEvent<QmpEvent>> seen = events.block(T);
        assertNotNull(seen);
        Map<String, List<String>> byVm = seen.stream().collect(Collectors.groupingBy(VmEvent::vmId,
                Collectors.mapping(e -> e.event().eventName(), Collectors.toList())));
        assertEquals(vms.keySet(), byVm.keySet());
        byVm.forEach((id, names) -> assertEquals(List.of("STOP", "RESUME"), names, id));

        assertEquals(1, ioThreads.size(), "all client I/O on one thread, got " + ioThreads);
        Thread loop = ioThreads.iterator().next();
        assertTrue(loop.getName().startsWith("qmp-fleet"), loop.getName());
        for (String id : vms.keySet()) {
            assertEquals(0, fleet.vm(id).pendingCommands(), id);
        }

        // Removing every VM and disposing the fleet releases its event-loop thread.
        Flux.fromIterable(vms.keySet()).flatMap(fleet::remove).then().block(T);
        assertTrue(fleet.vmIds().isEmpty());
        fleet.dispose();
        fleet = null;
        try {
            loop.join(T.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(loop.isAlive(), "the fleet's event-loop thread ends after dispose()");
    }

    @Test
    void aHungVmTimesOutAndADeadVmFailsWithoutDisturbingTheOthers() {
        fleet = QmpFleet.create();
        Map<String, QemuProcess> vms = addVms(3);
        QmpClient hung = fleet.vm("vm-0");
        QmpClient dead = fleet.vm("vm-1");
        QmpClient healthy = fleet.vm("vm-2");
        assertNotNull(hung);
        assertNotNull(dead);
        assertNotNull(healthy);

        // SIGSTOP: the command times out by its own deadline and leaves no pending entry behind.
        vms.get("vm-0").pause();
        Duration shortDeadline = Duration.ofMillis(700);
        Mono<StatusInfo> hungCall = hung.execute(QmpCommands.QUERY_STATUS, null, shortDeadline).cache();
        long started = System.nanoTime();
        hungCall.subscribe(x -> { }, e -> { });
        awaitPending(hung, 1);
        // Meanwhile another VM on the same event loop answers promptly.
        StepVerifier.create(healthy.queryStatus())
                .assertNext(st -> assertTrue(st.running()))
                .expectComplete()
                .verify(shortDeadline);
        assertEquals(1, hung.pendingCommands(), "the hung VM's command is still waiting");
        StepVerifier.create(hungCall)
                .expectErrorSatisfies(e -> {
                    QmpTimeoutException te = assertInstanceOf(QmpTimeoutException.class, e);
                    assertEquals(shortDeadline, te.timeout());
                    assertTrue(te.getMessage().contains("query-status"), te.getMessage());
                })
                .verify(T);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(shortDeadline) >= 0 && took.compareTo(shortDeadline.plusSeconds(2)) < 0, took.toString());
        assertEquals(0, hung.pendingCommands(), "the timed-out command's pending entry is removed");
        assertEquals(ConnectionState.READY, hung.state(), "a timeout does not end the connection");

        // SIGKILL of a VM with commands in flight: they fail at once with a connection error.
        vms.get("vm-1").pause();
        Mono<StatusInfo> inFlight = dead.execute(QmpCommands.QUERY_STATUS, null, Duration.ofSeconds(30)).cache();
        inFlight.subscribe(x -> { }, e -> { });
        Mono<Void> inFlight2 = dead.execute(QmpCommands.STOP, null, Duration.ofSeconds(30)).cache();
        inFlight2.subscribe(x -> { }, e -> { });
        awaitPending(dead, 2);
        vms.get("vm-1").kill();
        StepVerifier.create(inFlight).expectError(QmpConnectionException.class).verify(T);
        StepVerifier.create(inFlight2).expectError(QmpConnectionException.class).verify(T);
        StepVerifier.create(dead.states().last())
                .assertNext(s -> assertTrue(s.isTerminal(), s.toString()))
                .expectComplete()
                .verify(T);
        assertEquals(0, dead.pendingCommands());
        StepVerifier.create(fleet.vm("vm-1").execute(QmpCommands.QUERY_STATUS, null))
                .expectError(QmpConnectionException.class)
                .verify(T);

        // The others keep working; the hung one answers again once resumed (its late reply is dropped as unknown).
        assertTrue(healthy.queryStatus().block(T).running());
        vms.get("vm-0").resume();
        assertTrue(hung.queryStatus().block(T).running());
        assertEquals(1, hung.stats().unknownIdReplies(), "the late reply of the timed-out command");
        assertEquals(ConnectionState.READY, healthy.state());
    }

    private static void awaitPending(QmpClient client, int n) {
        long deadline = System.nanoTime() + T.toNanos();
        while (client.pendingCommands() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " pending commands, have " + client.pendingCommands());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aMemberReconnectsWhenItsQemuIsRestartedOnTheSamePath(@TempDir Path dir) {
        fleet = QmpFleet.create();
        Path socket = dir.resolve("vm.sock");
        QemuProcess first = start(QemuProcess.builder().qmpUnixSocket(socket));
        List<ConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        fleet.states().filter(s -> s.vmId().equals("vm")).map(VmState::state).subscribe(states::add);
        QmpClient c1 = fleet.add("vm", QmpClientOptions.unix(socket).build(),
                ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 100)).block(T);
        assertNotNull(c1);
        assertTrue(fleet.vm("vm").queryStatus().block(T).running());

        Mono<VmEvent<QmpEvent>> stopAfterRestart = fleet.events().filter(e -> e.event().eventName().equals("STOP")).next().cache();
        stopAfterRestart.subscribe(x -> { }, e -> { });

        first.kill();
        assertTrue(first.awaitExit(T));
        awaitState(states, ConnectionState.RECONNECTING);
        StepVerifier.create(c1.queryStatus())
                .expectErrorSatisfies(e -> assertTrue(e instanceof QmpConnectionException && e.getMessage().contains("reconnecting"),
                        e.toString()))
                .verify(T);

        QemuProcess second = start(QemuProcess.builder().qmpUnixSocket(socket));
        awaitState(states, ConnectionState.READY);
        assertSame(c1, fleet.vm("vm"), "the VM's client is the same across reconnections");
        assertEquals(ConnectionState.READY, c1.state());
        assertTrue(c1.queryStatus().block(T).running());
        c1.stop().block(T);
        VmEvent<QmpEvent> stop = stopAfterRestart.block(T);
        assertNotNull(stop, "the merged stream carries the new connection's events");
        assertEquals("vm", stop.vmId());

        awaitState(states, ConnectionState.READY);
        int reconnecting = states.indexOf(ConnectionState.RECONNECTING);
        assertTrue(reconnecting > 0, states.toString());
        assertEquals(ConnectionState.READY, states.get(reconnecting - 1), states.toString());
        assertEquals(ConnectionState.READY, states.get(states.size() - 1), states.toString());
        assertFalse(states.subList(reconnecting, states.size()).contains(ConnectionState.FAILED), states.toString());
        assertTrue(second.isAlive());
    }

    private static void awaitState(List<ConnectionState> states, ConnectionState wanted) {
        long deadline = System.nanoTime() + T.toNanos();
        while (states.isEmpty() || states.get(states.size() - 1) != wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected state " + wanted + ", states so far " + states);
            }
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
