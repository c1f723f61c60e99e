package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Request ids are as short as they can be (QEMU reads a monitor a byte per main-loop turn, so every byte costs
 * round-trip time): a command alone on the connection goes without an id and is answered by the next reply without
 * one; others take the lowest id not in use, unique among the commands in flight, reused once answered, and kept by a
 * command that gave up until its late reply has come.
 */
class CommandIdsTest {
    /** The ids a command was sent with, -1 for none. */
    private static List<Long> ids(FakeQmpServer server, String command) {
        return server.received().stream().filter(r -> r.command().equals(command)).map(CommandIdsTest::id).toList();
    }

    private static long id(QmpRequest request) {
        JsonNode id = request.id();
        if (id == null) {
            return -1;
        }
        if (!id.canConvertToLong()) {
            throw new AssertionError("not an integer id: " + request);
        }
        return id.asLong();
    }

    @Test
    void oneCommandAtATimeGoesOutWithoutIdAndGetsItsReply() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok("{\"status\": \"running\", \"singlestep\": false, \"running\": true}"))) {
            QmpClient client = connect(server);
            for (int i = 0; i < 3; i++) {
                assertEquals("running", client.queryStatus().block(T).status().wireName());
            }
            assertEquals(List.of(0L), ids(server, "qmp_capabilities"), "the handshake matches its reply by id");
            assertEquals(List.of(-1L, -1L, -1L), ids(server, "query-status"));
            assertEquals(0, client.stats().unknownIdReplies());
            client.close().block(T);
        }
    }

    @Test
    void commandsInFlightTakeDistinctLowestIdsAndAnAnsweredIdIsTakenAgain() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("stop", Reply.never())) {
            QmpClient client = connect(server);
            List<Disposable> inFlight = List.of(client.stop().subscribe(), client.stop().subscribe(), client.stop().subscribe());
            server.awaitRequests(4, T);
            assertEquals(List.of(-1L, 1L, 2L), ids(server, "stop"), "the first was alone; it holds 0 while unanswered");

            server.sendRaw("{\"return\": {}, \"id\": 1}\r\n");   // the middle one is answered: 1 is free again
            await(() -> client.pendingCommands() == 2, T, () -> "pending: " + client.pendingCommands());
            Disposable next = client.stop().subscribe();
            server.awaitRequests(5, T);
            assertEquals(List.of(-1L, 1L, 2L, 1L), ids(server, "stop"));
            inFlight.forEach(Disposable::dispose);
            next.dispose();
            client.close().block(T);
        }
    }

    @Test
    void aCommandThatGaveUpKeepsItsIdUntilItsLateReplyComes() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("stop", Reply.never()).on("cont", Reply.ok())) {
            QmpClient client = connect(server);
            assertThrows(QmpTimeoutException.class, () -> client.execute(QmpCommands.STOP, null, Duration.ofMillis(100)).block(T));
            client.cont().block(T);   // stop may still be answered without id: cont needs one, and 0 is stop's
            assertEquals(List.of(-1L), ids(server, "stop"));
            assertEquals(List.of(1L), ids(server, "cont"));

            server.sendRaw("{\"return\": {}}\r\n");   // stop's late reply: counted, and the connection is free again
            await(() -> client.stats().unknownIdReplies() == 1, T, () -> "stats: " + client.stats());
            client.cont().block(T);
            assertEquals(List.of(1L, -1L), ids(server, "cont"));
            client.close().block(T);
        }
    }

    @Test
    void aParseErrorWithoutIdIsNotTakenForTheLoneCommandsReply() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.never())) {
            QmpClient client = connect(server);
            reactor.core.publisher.Mono<StatusInfo> status = client.queryStatus().cache();
            Disposable waiting = status.subscribe();
            server.awaitRequests(2, T);
            assertEquals(List.of(-1L), ids(server, "query-status"));
            server.sendRaw("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray '\\\\u0000'\"}}\r\n");
            server.sendRaw("{\"return\": {\"status\": \"paused\", \"singlestep\": false, \"running\": false}}\r\n");
            assertEquals("paused", status.block(T).status().wireName());
            waiting.dispose();
            client.close().block(T);
        }
    }

    @Test
    void withAlwaysSendIdsAloneCommandCarriesTheLowestId() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("cont", Reply.ok())) {
            QmpClient client = connect(FakeServers.options(server).alwaysSendIds(true).build());
            client.cont().block(T);
            client.cont().block(T);
            assertEquals(List.of(0L, 0L), ids(server, "cont"));
            client.close().block(T);
        }
    }
}
