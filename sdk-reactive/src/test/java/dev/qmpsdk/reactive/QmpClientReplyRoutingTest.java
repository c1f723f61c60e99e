package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replies are matched by their top-level id only; an event is never a reply, whatever members it carries. Every command
 * here carries an id ({@code alwaysSendIds}): a command alone would otherwise go without one (CommandIdsTest).
 */
class QmpClientReplyRoutingTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
    private static final String STAMP = "\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}";

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\": \"STOP\", " + STAMP + ", \"id\": %s}",
            "{\"id\": %s, \"event\": \"STOP\", " + STAMP + "}",
            "{\"data\": {}, \"id\": %s, \"event\": \"STOP\", " + STAMP + "}"})
    void anEventCarryingTheIdOfAPendingCommandIsAnEventAndTheRealReplyStillArrives(String event) throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", r -> Reply.raw(String.format(event, r.id()) + "\r\n{\"return\": " + RUNNING + ", \"id\": " + r.id() + "}\r\n"))) {
            QmpClient client = connect(options(server).alwaysSendIds(true).build());
            CompletableFuture<QmpEvent> stop = client.events("STOP").next().toFuture();
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            assertEquals("STOP", stop.get(T.toSeconds(), TimeUnit.SECONDS).eventName());
            assertEquals(0, client.stats().protocolErrors(), client.stats().toString());
            assertEquals(0, client.stats().unknownIdReplies(), client.stats().toString());
            client.close().block(T);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"return\": " + RUNNING + ", \"i\\u0064\": %s}",
            "{\"\\u0069d\": %s, \"return\": " + RUNNING + "}",
            "{\"return\": " + RUNNING + ", \"\\u0069\\u0064\" : %s }"})
    void aReplyWhoseIdKeyIsEscapedIsStillMatched(String reply) {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", r -> Reply.raw(String.format(reply, r.id()) + "\r\n"))) {
            QmpClient client = connect(options(server).alwaysSendIds(true).build());
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            // qmp_capabilities and query-status, both matched
            assertEquals(2, client.stats().repliesReceived(), client.stats().toString());
            client.close().block(T);
        }
    }
}
