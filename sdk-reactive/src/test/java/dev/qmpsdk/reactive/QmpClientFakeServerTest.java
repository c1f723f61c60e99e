package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QmpClientFakeServerTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void connectsAndRunsACommand() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("query-status", Reply.ok("{\"status\": \"running\", \"singlestep\": false, \"running\": true}"))) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(server.socketPath()).build()).block(T);
            assertEquals(ConnectionState.READY, client.state());
            assertTrue(client.oobEnabled());
            StatusInfo s = client.execute(QmpCommands.QUERY_STATUS, null).block(T);
            assertTrue(s.running());
            client.close().block(T);
            assertEquals(ConnectionState.CLOSED, client.state());
        }
    }
}
