package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * A cancelled {@code QmpClient.connect(options)} leaves nothing open: the client it was connecting is reachable by
 * nobody else, and the monitor it holds would refuse every later client (QEMU serves one).
 */
class QmpClientConnectCancelTest {
    @Test
    void cancellingTheConnectDuringTheHandshakeClosesTheConnection() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("qmp_capabilities", Reply.delayed(Duration.ofMillis(300), Reply.ok()))) {
            Disposable attempt = QmpClient.connect(options(server).build()).subscribe();
            server.awaitRequest("qmp_capabilities", T);
            attempt.dispose();
            awaitNoConnection(server);
            // the monitor is free again: the next client connects
            QmpClient next = QmpClient.connect(options(server).build()).block(T);
            assertEquals(ConnectionState.READY, next.state());
            next.close().block(T);
        }
    }

    @Test
    void aTimeoutOfTheCallersOwnClosesTheConnection() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("qmp_capabilities", Reply.never())) {
            QmpClient.connect(options(server).build())
                    .timeout(Duration.ofMillis(200))
                    .onErrorResume(java.util.concurrent.TimeoutException.class, e -> reactor.core.publisher.Mono.empty())
                    .block(T);
            awaitNoConnection(server);
        }
    }

    @Test
    void cancellingOneSubscriberOfAnInstancesConnectLeavesTheSharedAttemptRunning() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("qmp_capabilities", Reply.delayed(Duration.ofMillis(300), Reply.ok()))) {
            QmpClient client = QmpClient.create(options(server).build());
            Disposable first = client.connect().subscribe();
            server.awaitRequest("qmp_capabilities", T);
            first.dispose();
            assertEquals(client, client.connect().block(T), "the attempt went on");
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
            awaitNoConnection(server);
        }
    }

    private static void awaitNoConnection(FakeQmpServer server) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.connectionCount(), "connections still open");
    }
}
