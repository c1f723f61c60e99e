package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What happens to requests while the peer does not read: nothing given up is sent later, and the queue is bounded. */
class QmpClientOutboundTest {
    /** About 1 KB per request, as in the chaos run that found the problem. */
    static final JsonNode PADDING = JsonNodeFactory.instance.objectNode().put("pad", "x".repeat(1000));
    /** Far more than the kernel's socket buffers and Netty's write buffer hold together (a few hundred KB). */
    static final int FILL = 3000;

    @Test
    void aCommandThatTimedOutBeforeItWasWrittenNeverReachesThePeer() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("fill", Reply.ok()).on("probe", Reply.ok())) {
            QmpClient client = connect(server);
            server.stopResponding();   // a SIGSTOPped QEMU: it reads nothing more
            List<CompletableFuture<JsonNode>> fill = new ArrayList<>();
            for (int i = 0; i < FILL; i++) {
                fill.add(client.executeRaw("fill", PADDING, Duration.ofMinutes(5)).toFuture());
            }
            List<CompletableFuture<JsonNode>> probes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                probes.add(client.executeRaw("probe", PADDING, Duration.ofMillis(200)).toFuture());
            }
            for (CompletableFuture<JsonNode> probe : probes) {
                Throwable e = QmpClientCommandTest.unwrap(probe.handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS));
                assertInstanceOf(QmpTimeoutException.class, e);
            }
            // Their buffers are released when they time out, not when the peer reads again.
            await(() -> client.stats().requestsDroppedUnsent() == probes.size(), () -> "timed-out requests released: " + client.stats());
            long queued = client.stats().queuedRequestBytes();
            assertTrue(queued > 0 && queued < FILL * 1100L, "only the fill waits: " + client.stats());
            server.resumeResponding();
            for (CompletableFuture<JsonNode> f : fill) {
                f.get(T.toSeconds(), TimeUnit.SECONDS);
            }
            List<QmpRequest> seen = server.received();
            assertEquals(0, seen.stream().filter(r -> r.command().equals("probe")).count(),
                    "requests whose callers were told they timed out were sent later");
            assertEquals(FILL, seen.stream().filter(r -> r.command().equals("fill")).count());
            assertEquals(0, client.stats().queuedRequestBytes());
            client.close().block(T);
        }
    }

    @Test
    void pastTheQueueBoundACommandFailsAtOnceAndWhatWasAcceptedIsAnsweredLater() throws Exception {
        int bound = 256 * 1024;
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("fill", Reply.ok())) {
            QmpClient client = connect(options(server).maxQueuedRequestBytes(bound).build());
            server.stopResponding();
            List<CompletableFuture<JsonNode>> sent = new ArrayList<>();
            for (int i = 0; i < FILL; i++) {
                sent.add(client.executeRaw("fill", PADDING, Duration.ofMinutes(5)).toFuture());
            }
            assertTrue(client.stats().queuedRequestBytes() <= bound, client.stats().toString());
            List<CompletableFuture<JsonNode>> refused = sent.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
            assertTrue(refused.size() > FILL / 2, "refused at once: " + refused.size());
            Throwable e = QmpClientCommandTest.unwrap(refused.get(0).handle((v, x) -> x).join());
            assertInstanceOf(QmpConnectionException.class, e);
            assertTrue(e.getMessage().contains("QmpClientOptions.maxQueuedRequestBytes(" + bound + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("not reading"), e.getMessage());
            server.resumeResponding();
            for (CompletableFuture<JsonNode> f : sent) {
                if (!refused.contains(f)) {
                    f.get(T.toSeconds(), TimeUnit.SECONDS);
                }
            }
            assertEquals(FILL - refused.size(), server.received().stream().filter(r -> r.command().equals("fill")).count());
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
        }
    }
}
