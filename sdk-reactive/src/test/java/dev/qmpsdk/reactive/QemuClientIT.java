package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpMonitorBusyException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.core.qapi.misc.NameInfo;
import dev.qmpsdk.core.qapi.misc.VersionInfo;
import dev.qmpsdk.core.qapi.runstate.ResumeEvent;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.ShutdownEvent;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.testkit.QemuProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** One real QEMU 7.2 per test, over a Unix socket unless said otherwise. */
class QemuClientIT {
    private static final Duration T = Duration.ofSeconds(10);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private QemuProcess qemu(QemuProcess.Builder builder) {
        QemuProcess q = builder.start();
        resources.add(q);
        return q;
    }

    private QmpClient connect(QmpClientOptions options) {
        QmpClient c = QmpClient.connect(options).block(T);
        assertNotNull(c);
        resources.add(() -> c.close().block(T));
        return c;
    }

    private QmpClient connectUnix() {
        return connect(QmpClientOptions.unix(qemu(QemuProcess.builder().qmpUnixSocket()).socketPath()).build());
    }

    @Test
    void greetingVersionOobStatusStopAndCont() {
        QmpClient client = connectUnix();
        assertEquals(ConnectionState.READY, client.state());
        QmpGreeting g = client.greeting();
        assertNotNull(g);
        assertEquals(7, g.major());
        assertEquals(2, g.minor());
        assertTrue(g.offersOob(), "QEMU 7.2 offers oob: " + g.capabilities());
        assertTrue(client.oobEnabled(), "oob was offered and requested, so it must be negotiated");

        VersionInfo v = client.queryVersion().block(T);
        assertEquals(7L, v.qemu().major());
        assertEquals(2L, v.qemu().minor());

        StepVerifier.create(client.queryStatus())
                .assertNext(s -> {
                    assertTrue(s.running());
                    assertEquals(RunState.RUNNING, s.status());
                })
                .expectComplete()
                .verify(T);

        // STOP arrives before stop's return: subscribe to events first, then send.
        List<String> order = new CopyOnWriteArrayList<>();
        StepVerifier.create(client.events(StopEvent.class).doOnNext(e -> order.add("STOP")).take(1)
                        .mergeWith(client.stop().doOnSuccess(x -> order.add("return")).then(Mono.empty())))
                .assertNext(e -> {
                    assertEquals("STOP", e.eventName());
                    assertNotNull(e.timestamp());
                })
                .expectComplete()
                .verify(T);
        assertEquals(RunState.PAUSED, client.queryStatus().block(T).status());

        StepVerifier.create(client.events(ResumeEvent.class).take(1).mergeWith(client.cont().then(Mono.empty())))
                .assertNext(e -> assertInstanceOf(ResumeEvent.class, e))
                .expectComplete()
                .verify(T);
        StatusInfo after = client.queryStatus().block(T);
        assertTrue(after.running());
        assertTrue(order.containsAll(List.of("STOP", "return")), order.toString());
    }

    @Test
    void thousandPipelinedCommandsAreEachMatchedToTheirOwnRequest() {
        QmpClient client = connectUnix();
        long sentBefore = client.stats().commandsSent();
        long repliesBefore = client.stats().repliesReceived();
        int n = 1000;
        // Three different commands interleaved: a reply given to the wrong request would decode to the wrong type
        // (or fail to decode), so every element is checked against the kind its index asked for.
        Flux<String> all = Flux.range(0, n).flatMap(i -> switch (i % 3) {
            case 0 -> client.queryStatus().map(s -> i + ":status:" + s.status().wireName());
            case 1 -> client.queryName().map(nm -> i + ":name:" + nm.name());
            default -> client.queryVersion().map(v -> i + ":version:" + v.qemu().major());
        }, n);
        List<String> results = all.collectList().block(Duration.ofSeconds(20));
        assertNotNull(results);
        assertEquals(n, results.size());
        for (String r : results) {
            String[] parts = r.split(":", 3);
            int i = Integer.parseInt(parts[0]);
            String expected = switch (i % 3) {
                case 0 -> "status";
                case 1 -> "name";
                default -> "version";
            };
            assertEquals(expected, parts[1], r);
            switch (expected) {
                case "status" -> assertEquals("running", parts[2], r);
                case "name" -> assertEquals("null", parts[2], r);
                default -> assertEquals("7", parts[2], r);
            }
        }
        assertEquals(n, results.stream().map(r -> r.split(":")[0]).distinct().count());
        QmpClientStats stats = client.stats();
        assertEquals(n, stats.commandsSent() - sentBefore);
        assertEquals(n, stats.repliesReceived() - repliesBefore);
        assertEquals(0, stats.unknownIdReplies());
        assertEquals(0, stats.protocolErrors());
        assertEquals(0, client.pendingCommands());
    }

    @Test
    void errorsBecomeQmpCommandExceptions() {
        QmpClient client = connectUnix();
        StepVerifier.create(client.executeRaw("no-such-command", null))
                .expectErrorSatisfies(e -> {
                    QmpCommandException ce = assertInstanceOf(QmpCommandException.class, e);
                    assertEquals("CommandNotFound", ce.errorClass());
                    assertTrue(ce.isCommandNotFound());
                    assertEquals("no-such-command", ce.command());
                    assertTrue(ce.description().contains("no-such-command"), ce.description());
                    assertNull(ce.id(), "a command alone on its connection goes without an id: " + ce.id());
                })
                .verify(T);

        JsonNode bogus = JsonNodeFactory.instance.objectNode().put("bogus", 1);
        StepVerifier.create(client.executeRaw("query-status", bogus))
                .expectErrorSatisfies(e -> {
                    QmpCommandException ce = assertInstanceOf(QmpCommandException.class, e);
                    assertEquals("GenericError", ce.errorClass());
                    assertTrue(ce.isGenericError());
                    assertEquals("Parameter 'bogus' is unexpected", ce.description());
                    assertEquals("query-status", ce.command());
                    assertNull(ce.id());
                })
                .verify(T);

        // query-cpus is in the compiled 2.11.2 schema but was removed from QEMU by 7.2.
        StepVerifier.create(client.queryCpus())
                .expectErrorSatisfies(e -> {
                    QmpCommandException ce = assertInstanceOf(QmpCommandException.class, e);
                    assertTrue(ce.isCommandNotFound(), ce.toString());
                    assertEquals("query-cpus", ce.command());
                })
                .verify(T);

        // The connection survives every error.
        assertTrue(client.queryStatus().block(T).running());
        assertEquals(ConnectionState.READY, client.state());
        assertEquals(0, client.pendingCommands());
    }

    @Test
    void queryQmpSchemaInOneLargeFrameRawAndTyped() {
        QmpClient client = connectUnix();
        JsonNode raw = client.executeRaw("query-qmp-schema", null).block(T);
        assertNotNull(raw);
        assertTrue(raw.isArray());
        int bytes = raw.toString().length();
        assertTrue(bytes > 100_000, "query-qmp-schema is about 200 KB on 7.2, got " + bytes);
        int commands = 0;
        for (JsonNode n : raw) {
            if ("command".equals(n.path("meta-type").asText())) {
                commands++;
            }
        }
        assertTrue(commands > 150, "7.2 offers over 200 commands here, got " + commands);

        List<SchemaInfo> typed = client.queryQmpSchema().block(T);
        assertNotNull(typed);
        assertEquals(raw.size(), typed.size());
        long typedCommands = typed.stream().filter(s -> s instanceof SchemaInfo.Command).count();
        assertEquals(commands, typedCommands);
        // Tolerant decoding absorbs what 7.2 adds (enum 'members', 'features'); no entry falls back to Unknown.
        assertTrue(typed.stream().noneMatch(s -> s instanceof SchemaInfo.Unknown),
                () -> typed.stream().filter(s -> s instanceof SchemaInfo.Unknown).limit(3).toList().toString());
        assertTrue(typed.stream().anyMatch(s -> s instanceof SchemaInfo.Command c && c.name().equals("query-status")));
    }

    @Test
    void quitEndsWithShutdownThenSuccessThenClosed() {
        QmpClient client = connectUnix();
        Mono<List<ConnectionState>> stateList = client.states().collectList().cache();
        stateList.subscribe();
        Mono<List<QmpEvent>> events = client.events().collectList().cache();
        events.subscribe();

        StepVerifier.create(client.quit()).expectComplete().verify(T);

        List<QmpEvent> seen = events.block(T);
        assertNotNull(seen, "the events Flux completes when the connection closes");
        assertEquals(1, seen.size(), seen.toString());
        ShutdownEvent shutdown = assertInstanceOf(ShutdownEvent.class, seen.get(0));
        assertFalse(shutdown.guest());

        List<ConnectionState> st = stateList.block(T);
        assertNotNull(st);
        assertEquals(ConnectionState.CLOSED, st.get(st.size() - 1), st.toString());
        assertEquals(ConnectionState.CLOSED, client.state());
        assertFalse(st.contains(ConnectionState.FAILED), st.toString());
        assertTrue(client.isDisposed());
    }

    @Test
    void aSecondClientOfAMonitorInUseFailsSayingTheMonitorIsBusy() {
        QemuProcess q = qemu(QemuProcess.builder().qmpUnixSocket());
        QmpClient first = connect(QmpClientOptions.unix(q.socketPath()).build());
        Duration deadline = Duration.ofSeconds(2);
        // QEMU 7.2 serves one client per monitor: the second connection is accepted by the kernel and never greeted.
        StepVerifier.create(QmpClient.connect(QmpClientOptions.unix(q.socketPath()).connectTimeout(deadline).build()))
                .expectErrorSatisfies(e -> {
                    QmpMonitorBusyException busy = assertInstanceOf(QmpMonitorBusyException.class, e);
                    assertTrue(e.getMessage().contains("in use by another client"), e.getMessage());
                    assertTrue(e.getMessage().contains(q.socketPath().toString()), e.getMessage());
                    assertEquals(deadline, busy.waited());
                })
                .verify(T);
        assertTrue(first.queryStatus().block(T).running(), "the first client still has the monitor");
        // QEMU goes first: it would otherwise accept the second client's abandoned connection once the first leaves.
        q.close();
    }

    @Test
    void connectingToAHungQemuFailsAtTheDeadlineAndReleasesTheConnection() {
        QemuProcess q = qemu(QemuProcess.builder().qmpUnixSocket());
        q.pause();
        Duration deadline = Duration.ofMillis(500);
        QmpClientOptions options = QmpClientOptions.unix(q.socketPath()).connectTimeout(deadline).build();
        StepVerifier.create(QmpClient.connect(options))
                // The kernel accepts the connection for the stopped QEMU, which never greets: like a monitor in use.
                .expectErrorSatisfies(e -> assertEquals(deadline, assertInstanceOf(QmpMonitorBusyException.class, e).waited()))
                .verify(T);
        // QEMU serves one monitor client at a time: had the timed-out connection stayed open, this one would never
        // get a greeting.
        q.resume();
        QmpClient client = connect(options.mutate().connectTimeout(T).build());
        assertTrue(client.queryStatus().block(T).running());
    }

    @Test
    void basicsOverTcp() {
        QemuProcess q = qemu(QemuProcess.builder().qmpTcp(0));
        int port = q.tcpPort();
        assertTrue(port > 0);
        QmpClient client = connect(QmpClientOptions.tcp("127.0.0.1", port).build());
        assertEquals(7, client.greeting().major());
        assertTrue(client.oobEnabled());
        assertTrue(client.queryStatus().block(T).running());
        StepVerifier.create(client.events(StopEvent.class).take(1).mergeWith(client.stop().then(Mono.empty())))
                .expectNextCount(1)
                .expectComplete()
                .verify(T);
        assertEquals(RunState.PAUSED, client.queryStatus().block(T).status());
        StepVerifier.create(client.executeRaw("no-such-command", null))
                .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(QmpCommandException.class, e).isCommandNotFound()))
                .verify(T);
        StepVerifier.create(client.quit()).expectComplete().verify(T);
        StepVerifier.create(client.states().last()).expectNext(ConnectionState.CLOSED).expectComplete().verify(T);
    }
}
