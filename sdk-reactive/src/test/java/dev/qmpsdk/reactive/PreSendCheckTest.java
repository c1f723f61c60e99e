package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpUnsupportedCommandException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.block.EjectArguments;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The opt-in check before sending ({@code checkAgainstServer}) against a server whose schema lacks {@code query-cpus}
 * and whose {@code eject} takes {@code id} but no longer {@code device}: what it lacks fails locally, nothing is sent.
 */
class PreSendCheckTest {
    private static final String SCHEMA = """
            [{"name": "eject", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
             {"name": "query-cpus-fast", "meta-type": "command", "arg-type": "1", "ret-type": "1"},
             {"name": "0", "meta-type": "object", "members": [{"name": "id", "type": "str", "default": null},
               {"name": "force", "type": "bool", "default": null}]},
             {"name": "1", "meta-type": "object", "members": []},
             {"name": "str", "meta-type": "builtin", "json-type": "string"},
             {"name": "bool", "meta-type": "builtin", "json-type": "boolean"}]""";

    private static FakeQmpServer server() {
        return FakeQmpServer.startUnix().on("query-qmp-schema", Reply.ok(SCHEMA)).on("eject", Reply.ok());
    }

    @Test
    void aCommandOrArgumentTheServerLacksFailsWithoutBeingSent() {
        try (FakeQmpServer server = server()) {
            QmpClient client = QmpClient.connect(options(server).checkAgainstServer(true).build()).block(T);
            assertNotNull(client);
            try {
                QmpUnsupportedCommandException gone = assertThrows(QmpUnsupportedCommandException.class,
                        () -> client.execute(QmpCommands.QUERY_CPUS, null).block(T));
                assertEquals("query-cpus", gone.command());
                assertNull(gone.member());
                assertEquals(FakeQmpServer.DEFAULT_GREETING.version(), gone.serverVersion());
                assertTrue(gone.getMessage().contains("has no command 'query-cpus'"), gone.getMessage());

                QmpUnsupportedCommandException member = assertThrows(QmpUnsupportedCommandException.class,
                        () -> client.execute(QmpCommands.EJECT, EjectArguments.builder().device("cd0").build()).block(T));
                assertEquals("device", member.member());

                client.execute(QmpCommands.EJECT, EjectArguments.builder().id("cd0").force(true).build()).block(T);
                assertEquals(List.of("query-qmp-schema", "eject"), sentCommands(server), "only the schema, once, and the valid eject");
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void withoutTheCheckTheServerAnswers() {
        try (FakeQmpServer server = server()) {
            QmpClient client = QmpClient.connect(options(server).build()).block(T);
            assertNotNull(client);
            try {
                assertThrows(QmpCommandException.class, () -> client.execute(QmpCommands.QUERY_CPUS, null).block(T));
                assertEquals(List.of("query-cpus"), sentCommands(server));
            } finally {
                client.close().block(T);
            }
        }
    }

    private static List<String> sentCommands(FakeQmpServer server) {
        return server.received().stream().map(r -> r.command()).filter(c -> !c.equals("qmp_capabilities")).toList();
    }
}
