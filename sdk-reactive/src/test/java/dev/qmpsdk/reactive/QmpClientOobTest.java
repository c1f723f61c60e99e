package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.connect;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpOobUnavailableException;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests go out with {@code exec-oob}, and what happens when out-of-band execution was not negotiated. */
class QmpClientOobTest {
    private static final Duration T = Duration.ofSeconds(10);
    /** A command a newer schema marks allow-oob (2.11.2 has none): as a user's generated schema would describe it. */
    private static final CommandDescriptor<Void, Void> MIGRATE_PAUSE = CommandDescriptor.builder("migrate-pause").allowOob(true).build();

    @Test
    void aCommandTheSchemaMarksAllowOobAndAnExplicitRawOneGoOutOfBandOnceNegotiated() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("migrate-pause", Reply.ok()).on("yank", Reply.ok()).on("query-status",
                Reply.ok("{\"status\": \"running\", \"singlestep\": false, \"running\": true}"))) {
            QmpClient client = connect(server);
            assertTrue(client.oobEnabled());
            client.execute(MIGRATE_PAUSE, null).block(T);
            JsonNode yank = client.executeRawOob("yank", null).block(T);
            assertEquals("{}", yank.toString());
            client.executeRaw("query-status", null).block(T);
            assertTrue(server.awaitRequest("migrate-pause", T).oob(), "allow-oob in the schema: exec-oob");
            assertTrue(server.awaitRequest("yank", T).oob(), "asked for explicitly: exec-oob");
            assertFalse(server.awaitRequest("query-status", T).oob(), "everything else: execute");
            client.close().block(T);
        }
    }

    @Test
    void withoutTheCapabilityAllowOobCommandsGoInBandAndAnExplicitOobRequestFailsUnsent() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().greeting(new QmpGreeting(7, 2, 0, "", List.of())).on("migrate-pause", Reply.ok())) {
            QmpClient client = connect(server);
            assertFalse(client.oobEnabled());
            client.execute(MIGRATE_PAUSE, null).block(T);
            assertFalse(server.awaitRequest("migrate-pause", T).oob());
            QmpOobUnavailableException e = assertInstanceOf(QmpOobUnavailableException.class,
                    QemuFdPassingIT.failure(client.executeRawOob("yank", null)));
            assertTrue(e.getMessage().contains("'yank'") && e.getMessage().contains("did not offer the oob capability"), e.getMessage());
            assertTrue(server.received().stream().map(QmpRequest::command).noneMatch("yank"::equals), "nothing was sent");
            client.close().block(T);
        }
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(options(server).requestOob(false).build());
            QmpOobUnavailableException e = assertInstanceOf(QmpOobUnavailableException.class,
                    QemuFdPassingIT.failure(client.executeRawOob("yank", null)));
            assertTrue(e.getMessage().contains("requestOob(false)"), e.getMessage());
            client.close().block(T);
        }
    }
}
