package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.idMember;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

/**
 * Resynchronisation: QEMU ends every message with {@code \r\n} and never puts a raw newline inside one, so a raw
 * newline inside an unfinished value ends that broken message; it is dropped and counted, and what follows is
 * delivered. Peers that send no newlines at all are still framed by JSON value.
 */
class QmpClientResyncTest {
    private static final String RUNNING = "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
    private static final int COMMANDS = 250;

    static Stream<byte[]> corruptMessages() {
        return Stream.of(
                "{\r\n".getBytes(StandardCharsets.US_ASCII),
                "{\"return\": {\"sta\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'[', (byte) 0xff, (byte) 0xfe, '\r', '\n'});
    }

    @ParameterizedTest
    @MethodSource("corruptMessages")
    void aBrokenMessageIsDroppedAndCountedAndEveryLaterReplyArrives(byte[] corrupt) {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok(RUNNING))) {
            QmpClient client = connect(server);
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            server.sendRaw(corrupt);
            await(() -> client.stats().protocolErrors() >= 1, () -> "the broken message is counted: " + client.stats());
            List<StatusInfo> answered = Flux.range(0, COMMANDS)
                    .flatMap(i -> client.execute(QmpCommands.QUERY_STATUS, null), 16)
                    .collectList().block(T);
            assertEquals(COMMANDS, answered.size());
            assertEquals(ConnectionState.READY, client.state());
            assertEquals(1, client.stats().protocolErrors(), client.stats().toString());
            client.close().block(T);
        }
    }

    @Test
    void aPeerThatSendsNoNewlinesIsFramedByValue() throws Exception {
        // An escaped newline inside a string is two bytes ('\' 'n'), not a raw newline: it must not cut the message.
        String reply = "{\"return\": {\"desc\": \"line one\\nline two }{\", \"n\": [1, {\"x\": 2}]}%s}";
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-x", r -> Reply.raw(String.format(reply, idMember(r))))) {
            QmpClient client = connect(server);
            CompletableFuture<QmpEvent> event = client.events("X_EVENT").next().toFuture();
            server.sendRaw("{\"event\": \"X_EVENT\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}");
            event.get(T.toSeconds(), TimeUnit.SECONDS);
            List<JsonNode> answers = Flux.range(0, 50).flatMap(i -> client.executeRaw("query-x", null), 8).collectList().block(T);
            assertEquals(50, answers.size());
            assertEquals("line one\nline two }{", answers.get(0).path("desc").asText());
            assertEquals(0, client.stats().protocolErrors(), client.stats().toString());
            client.close().block(T);
        }
    }
}
