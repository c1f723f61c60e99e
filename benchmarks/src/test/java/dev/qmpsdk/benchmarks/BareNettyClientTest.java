package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario 6's bare-Netty baseline negotiates as the SDK does and waits for each reply before the next request. */
class BareNettyClientTest {
    @Test
    void negotiatesOobAndSendsOneCommandPerReply() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            server.on("query-status", Reply.ok("{\"running\": true, \"singlestep\": false, \"status\": \"running\"}"));
            try (BareNettyClient client = BareNettyClient.connect(server.socketPath())) {
                for (int i = 0; i < 50; i++) {
                    client.queryStatus();
                    assertEquals(i + 2, server.received().size(), "requests read by the server after reply " + (i + 1));
                }
            }
            List<QmpRequest> received = server.received();
            assertEquals("qmp_capabilities", received.get(0).command());
            assertTrue(String.valueOf(received.get(0).arguments()).contains("oob"), "asked for OOB, which the fake server offers: " + received.get(0));
            assertEquals(50, received.stream().filter(r -> r.command().equals("query-status")).count());
        }
    }
}
