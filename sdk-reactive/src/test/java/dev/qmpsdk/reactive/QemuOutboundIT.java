package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.testkit.QemuProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real QEMU 7.2 that stops reading (SIGSTOP) and resumes: a {@code stop} whose caller was told it timed out must
 * not be executed when QEMU runs again.
 */
class QemuOutboundIT {
    private static final Duration T = Duration.ofSeconds(30);
    /** About 1 KB per request; QEMU answers each with "Parameter 'pad' is unexpected". */
    private static final JsonNode PADDED = JsonNodeFactory.instance.objectNode().put("pad", "x".repeat(1000));
    /** More than the socket buffers and Netty's write buffer hold together, so what follows waits in the client. */
    private static final int FILL = 600;

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @Test
    void aStopThatTimedOutWhileQemuWasFrozenIsNeverExecuted() throws Exception {
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).commandTimeout(T).build()).block(T);
            try {
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
                qemu.pause();
                List<CompletableFuture<JsonNode>> fill = new ArrayList<>();
                for (int i = 0; i < FILL; i++) {
                    fill.add(client.executeRaw("query-status", PADDED, Duration.ofMinutes(5)).toFuture());
                }
                CompletableFuture<Void> stop = client.execute(QmpCommands.STOP, null, Duration.ofMillis(300)).toFuture();
                Throwable timedOut = stop.handle((v, e) -> e).get(T.toSeconds(), TimeUnit.SECONDS);
                assertInstanceOf(QmpTimeoutException.class, QmpClientCommandTest.unwrap(timedOut));
                FakeServers.await(() -> client.stats().requestsDroppedUnsent() == 1, () -> "the stop is dropped unsent: " + client.stats());
                qemu.resume();
                for (CompletableFuture<JsonNode> f : fill) {
                    f.handle((v, e) -> e).get(T.toSeconds(), TimeUnit.SECONDS);   // answered (with an error), not lost
                }
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status(), "QEMU executed a stop its caller was told timed out");
            } finally {
                client.close().block(T);
            }
        }
    }
}
