package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The baselines count what the server answered: scenario 6 compares the SDK with both the blocking and the selector
 * variant, so each must send exactly the commands asked for and count exactly their replies.
 */
class RawQmpClientTest {
    private static final int COMMANDS = 200;

    @Test
    void blockingClientCountsEveryReplyOneInFlight() throws Exception {
        assertCounts(false);
    }

    @Test
    void selectorClientCountsEveryReplyOneInFlight() throws Exception {
        assertCounts(true);
    }

    private static void assertCounts(boolean inSelector) throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            server.on("query-status", Reply.ok("{\"running\": true, \"singlestep\": false, \"status\": \"running\"}"));
            try (RawQmpClient raw = RawQmpClient.connect(server.socketPath())) {
                if (inSelector) {
                    raw.waitInSelector();
                }
                server.clearReceived();
                long replies = raw.pipeline(1, TimeUnit.SECONDS.toNanos(60), COMMANDS, new Latencies(COMMANDS));
                assertEquals(COMMANDS, replies, "replies counted");
                assertEquals(COMMANDS, server.received().stream().filter(r -> r.command().equals("query-status")).count(),
                        "requests the server read");
            }
        }
    }
}
