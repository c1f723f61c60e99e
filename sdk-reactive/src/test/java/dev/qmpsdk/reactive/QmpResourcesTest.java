package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** QmpResources.shutdown(): the SDK's shared threads end, and come back for the next client. */
class QmpResourcesTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    @Test
    void afterClosingEverythingAndShuttingDownNoThreadTheSdkStartedIsAlive() {
        Set<Thread> before = liveThreads();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(server);
            client.events().subscribe();
            client.queryStatus().block(T);
            client.close().block(T);
            QmpFleet fleet = QmpFleet.create();
            fleet.add("vm-1", options(server).build()).block(T);
            fleet.events().subscribe();
            fleet.close().block(T);
        }
        assertTrue(QmpResources.shutdown(), "every thread ended within the timeout");
        List<String> left = liveThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().toList();
        assertEquals(List.of(), left, "threads started during the test and still alive after QmpResources.shutdown()");
        List<String> sdkThreads = liveThreads().stream().map(Thread::getName)
                .filter(n -> n.startsWith("qmp-") || n.startsWith("parallel-") || n.startsWith("boundedElastic-")).sorted().toList();
        assertEquals(List.of(), sdkThreads, "SDK or Reactor scheduler threads alive after QmpResources.shutdown()");
    }

    @Test
    void shutdownIsIdempotentAndTheNextClientStartsTheThreadsAgain() {
        QmpResources.shutdown();
        assertTrue(QmpResources.shutdown(), "a second shutdown has nothing to do");
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(server);
            assertTrue(client.queryStatus().block(T).running());
            var next = client.events().next().toFuture();
            server.sendEvent("STOP");
            assertEquals("STOP", next.join().eventName());
            client.close().block(T);
        }
        assertTrue(QmpResources.shutdown());
    }

    @Test
    void shutdownClosesAConnectionStillOpenOnTheSharedLoop() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            assertTrue(QmpResources.shutdown());
            FakeServers.await(() -> client.state().isTerminal(), () -> "still " + client.state());
        }
    }
}
