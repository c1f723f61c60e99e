package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.testkit.QemuGuestAgent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's guest agent snippet against a real qemu-ga 7.2 on the host: {@code uname} runs on this machine. */
class ReadmeGuestAgentQemuIT {
    @Test
    void theSnippetAgainstQemuGa() throws Exception {
        try (QemuGuestAgent agent = QemuGuestAgent.started()) {
            Process uname = new ProcessBuilder("/bin/uname").start();
            String expected = new String(uname.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, ReadmeGuestAgentExamples.guestAgent(agent.socketPath()));
        }
    }
}
