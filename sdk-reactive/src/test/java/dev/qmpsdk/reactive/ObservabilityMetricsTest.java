package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.observe.QmpMicrometerMetrics;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.reactive.observe.QmpObservations;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.util.context.Context;

/** Micrometer metrics and observations after a session scripted with faults (errors, a timeout, garbage, a drop, a disconnect). */
class ObservabilityMetricsTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";

    private static double timerCount(MeterRegistry registry, String command, String outcome, String errorClass) {
        Timer t = registry.find("qmp.command.duration").tag("command", command).tag("outcome", outcome).tag("error.class", errorClass).timer();
        return t == null ? 0 : t.count();
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private static String dump(MeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId).map(Object::toString).sorted().collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    @Test
    void aScriptedSessionShowsInEveryMeter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QmpObservability obs = QmpObservability.builder().observer(QmpMicrometerMetrics.of(registry)).build();
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", Reply.ok(RUNNING))
                .on("bogus", Reply.error("CommandNotFound", "The command bogus has not been found"))
                .on("stop", Reply.error("GenericError", "cannot stop"))
                .on("hang", Reply.never())
                .on("die", Reply.closeConnection())) {
            QmpClient client = FakeServers.connect(options(server).eventBufferSize(1).observability(obs).build());
            client.executeRaw("query-status", null).block(T);
            client.executeRaw("query-status", null).block(T);
            assertInstanceOf(QmpCommandException.class, assertThrows(RuntimeException.class, () -> client.executeRaw("bogus", null).block(T)));
            assertThrows(QmpCommandException.class, () -> client.executeRaw("stop", null).block(T));
            assertThrows(QmpTimeoutException.class, () -> client.executeRaw("hang", null, Duration.ofMillis(50)).block(T));

            // A subscriber that asks for nothing: with a buffer of one event, 4 of 5 STOPs are dropped (oldest first).
            BaseSubscriber<QmpEvent> idle = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                }
            };
            client.events().subscribe(idle);
            await(() -> server.connectionCount() == 1, () -> "connected");
            for (int i = 0; i < 5; i++) {
                server.sendEvent("STOP");
            }
            server.sendEvent("RESUME");
            server.sendRaw("this is not JSON ");
            client.executeRaw("query-status", null).block(T);   // everything before its reply has been read

            assertThrows(QmpConnectionException.class, () -> client.executeRaw("die", null).block(T));
            await(() -> client.state().isTerminal(), () -> "connection ended");
            idle.dispose();

            assertEquals(3, timerCount(registry, "query-status", "success", "none"), dump(registry));
            // qmp_capabilities is a command too: the handshake is measured like any other.
            assertEquals(1, timerCount(registry, "qmp_capabilities", "success", "none"), dump(registry));
            assertEquals(1, timerCount(registry, "bogus", "server_error", "CommandNotFound"), dump(registry));
            assertEquals(1, timerCount(registry, "stop", "server_error", "GenericError"), dump(registry));
            assertEquals(1, timerCount(registry, "hang", "timeout", "none"), dump(registry));
            assertEquals(1, timerCount(registry, "die", "connection_lost", "none"), dump(registry));
            assertEquals(0, registry.get("qmp.commands.in.flight").gauge().value(), "nothing in flight at the end");
            assertEquals(5, counter(registry, "qmp.events.received", "event", "STOP"));
            assertEquals(1, counter(registry, "qmp.events.received", "event", "RESUME"));
            // Drops are tagged with the VM always (a single client's VM id is its address).
            assertEquals(client.stats().droppedEvents(), counter(registry, "qmp.events.dropped", "vm", QmpAddress.unix(server.socketPath()).toString(),
                    "policy", "drop_oldest"), dump(registry));
            assertTrue(client.stats().droppedEvents() >= 4, "dropped: " + client.stats());
            assertEquals(1, counter(registry, "qmp.frames.skipped", "reason", "garbage"), dump(registry));
            assertEquals(1, counter(registry, "qmp.connection.states", "state", "negotiating"));
            assertEquals(1, counter(registry, "qmp.connection.states", "state", "ready"));
            assertEquals(1, counter(registry, "qmp.connection.states", "state", "closed") + counter(registry, "qmp.connection.states", "state", "failed"),
                    dump(registry));
            assertTrue(registry.find("qmp.command.duration").tagKeys("vm").timers().isEmpty(), "no vm tag unless opted in");
        }
    }

    @Test
    void vmIdsAreTagsOnlyWhenOptedInAndAFleetCountsItsVmsAndReconnects() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QmpMicrometerMetrics metrics = QmpMicrometerMetrics.of(registry).withVmIdTag();
        QmpObservability obs = QmpObservability.builder().observer(metrics).build();
        QmpFleet fleet = QmpFleet.create();
        metrics.bindTo(fleet, "test");
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient web1 = fleet.add("web-1", options(server).observability(obs).build(),
                    ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(50), 100)).block(T);
            web1.executeRaw("query-status", null).block(T);
            assertEquals(1, registry.get("qmp.fleet.vms").tag("fleet", "test").gauge().value());
            server.dropConnections();
            await(() -> counter(registry, "qmp.reconnects", "vm", "web-1") == 1, () -> "reconnect counted:" + dump(registry));
            await(() -> counter(registry, "qmp.connection.states", "vm", "web-1", "state", "ready") == 2, () -> "ready twice:" + dump(registry));
            await(() -> {
                try {
                    web1.executeRaw("query-status", null).block(T);
                    return true;
                } catch (QmpConnectionException e) {
                    return false;
                }
            }, () -> "reconnected");
            Timer t = registry.find("qmp.command.duration").tag("vm", "web-1").tag("command", "query-status").tag("outcome", "success").timer();
            assertTrue(t != null && t.count() >= 2, dump(registry));
            fleet.remove("web-1").block(T);
            assertEquals(0, registry.get("qmp.fleet.vms").tag("fleet", "test").gauge().value());
        } finally {
            fleet.close().block(T);
        }
    }

    @Test
    void everyUseOfWhatTheServerDeprecatesIsCountedNotOnlyTheFirstThatIsLogged() {
        String schema = """
                [{"name": "eject", "meta-type": "command", "arg-type": "0", "ret-type": "1", "features": ["deprecated"]},
                 {"name": "0", "meta-type": "object", "members": [{"name": "id", "type": "str", "default": null},
                   {"name": "force", "type": "bool", "default": null, "features": ["deprecated"]}]},
                 {"name": "1", "meta-type": "object", "members": []},
                 {"name": "str", "meta-type": "builtin", "json-type": "string"},
                 {"name": "bool", "meta-type": "builtin", "json-type": "boolean"}]""";
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QmpObservability obs = QmpObservability.builder().observer(QmpMicrometerMetrics.of(registry)).build();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-qmp-schema", Reply.ok(schema)).on("eject", Reply.ok())) {
            QmpClient client = FakeServers.connect(options(server).checkAgainstServer(true).observability(obs).build());
            for (int i = 0; i < 3; i++) {
                client.execute(dev.qmpsdk.core.qapi.QmpCommands.EJECT,
                        dev.qmpsdk.core.qapi.block.EjectArguments.builder().id("cd0").force(i > 0).build()).block(T);
            }
            client.close().block(T);
        }
        assertEquals(3, counter(registry, "qmp.deprecated.uses", "command", "eject", "member", "none"), dump(registry));
        assertEquals(3, counter(registry, "qmp.deprecated.uses", "command", "eject", "member", "force"), dump(registry));
    }

    @Test
    void everyCommandIsAnObservationWhoseParentComesFromTheReactorContext() {
        List<Observation.Context> started = new CopyOnWriteArrayList<>();
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStart(Observation.Context context) {
                started.add(context);
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        QmpObservability obs = QmpObservability.builder().observer(QmpObservations.of(observations)).build();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("stop", Reply.error("GenericError", "no"))) {
            QmpClient client = FakeServers.connect(options(server).observability(obs).build());
            Observation parent = Observation.start("request", observations);
            assertThrows(QmpCommandException.class, () -> client.executeRaw("stop", null)
                    .contextWrite(Context.of(QmpObservations.PARENT_KEY, parent, "traceId", "t-1")).block(T));
            parent.stop();
            Observation.Context stop = stopped.stream().filter(c -> "qmp stop".equals(c.getContextualName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no observation of stop: " + stopped));
            assertEquals(parent.getContext(), stop.getParentObservation().getContextView());
            assertEquals("server_error", stop.getLowCardinalityKeyValue("qmp.outcome").getValue());
            assertEquals("GenericError", stop.getLowCardinalityKeyValue("qmp.error.class").getValue());
            assertEquals("t-1", stop.getHighCardinalityKeyValue("traceId").getValue());
            assertInstanceOf(QmpCommandException.class, stop.getError());
            assertEquals(started.size(), stopped.size(), "every observation stopped");
            client.close().block(T);
        }
    }
}
