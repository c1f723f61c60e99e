package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.testkit.FakeGuestAgent;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's guest agent snippet against a scripted agent (the real qemu-ga: {@code ReadmeGuestAgentQemuIT}). */
class ReadmeGuestAgentExamplesTest {
    @Test
    void theSnippetRunsACommandInTheGuestAndReadsItsOutput() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()
                .on("guest-get-osinfo", Reply.ok("{\"pretty-name\": \"Debian GNU/Linux 12 (bookworm)\"}"))
                .on("guest-exec", Reply.ok("{\"pid\": 77}"))
                .on("guest-exec-status", Reply.ok("{\"exited\": true, \"exitcode\": 0, \"out-data\": \"TGludXgK\"}"))) {
            assertEquals("Linux\n", ReadmeGuestAgentExamples.guestAgent(agent.socketPath()));
            assertEquals(77, agent.awaitRequest("guest-exec-status", Duration.ofSeconds(5)).arguments().get("pid").asInt());
        }
    }
}
