package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.introspection.ServerCapabilities;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** {@code serverSchema()}: asked once per connection and kept, for a single connection and for a fleet's VM. */
class ServerSchemaFetchTest {
    private static final String QUERY_QMP_SCHEMA = "query-qmp-schema";

    @Test
    void aConnectionAsksForItsSchemaOnceAndKeepsIt() {
        try (SimulatedVm vm = SimulatedVm.start("server-schema")) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(vm.socketPath()).strict(true).build()).block(T);
            assertNotNull(client);
            try {
                List<ServerSchema> both = Flux.merge(client.serverSchema(), client.serverSchema()).collectList().block(T);
                assertNotNull(both);
                assertSame(both.get(0), both.get(1), "two subscribers at once share one answer");
                assertSame(both.get(0), client.serverSchema().block(T), "a later one gets the kept answer");
                assertEquals(1, asked(vm.server()), "query-qmp-schema sent once");
                assertTrue(ServerCapabilities.of(both.get(0)).has(QmpCommands.QUERY_CPUS), "the simulated VM is a 2.11.2 QEMU");
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aFailedFetchIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on(QUERY_QMP_SCHEMA, request -> calls.incrementAndGet() == 1
                ? Reply.error("GenericError", "not now") : Reply.ok(QmpSchemaIntrospection.json()))) {
            QmpClient client = QmpClient.connect(options(server).build()).block(T);
            assertNotNull(client);
            try {
                assertThrows(QmpCommandException.class, () -> client.serverSchema().block(T));
                ServerSchema schema = client.serverSchema().block(T);
                assertNotNull(schema);
                assertEquals(QmpSchemaIntrospection.ENTRIES, schema.entities().size());
                assertSame(schema, client.serverSchema().block(T));
                assertEquals(2, asked(server));
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aFleetVmAsksAgainAfterItReconnects() {
        QmpFleet fleet = QmpFleet.create();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on(QUERY_QMP_SCHEMA, Reply.ok(QmpSchemaIntrospection.json()))) {
            QmpClient vm = fleet.add("a", options(server).build(), ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(100), 100))
                    .block(T);
            assertNotNull(vm);
            ServerSchema first = vm.serverSchema().block(T);
            assertSame(first, vm.serverSchema().block(T));
            assertEquals(1, asked(server));

            server.dropConnections();   // QEMU restarted, perhaps upgraded: the new connection asks again
            await(() -> server.acceptedCount() == 2 && vm.state() == ConnectionState.READY, () -> "not reconnected: " + vm.state());
            ServerSchema second = vm.serverSchema().block(T);
            assertNotSame(first, second);
            assertEquals(2, asked(server));
        } finally {
            fleet.close().block(T);
        }
    }

    private static long asked(FakeQmpServer server) {
        return server.received().stream().filter(r -> r.command().equals(QUERY_QMP_SCHEMA)).count();
    }
}
