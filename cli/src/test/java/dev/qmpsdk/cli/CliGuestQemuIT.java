package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.testkit.QemuGuestAgent;
import org.junit.jupiter.api.Test;

/** {@code qmp guest} against a real qemu-ga 7.2 on the host ({@link QemuGuestAgent}). */
class CliGuestQemuIT {
    @Test
    void guestInfoAndARefusedShutdown() {
        try (QemuGuestAgent agent = QemuGuestAgent.started()) {
            String socket = agent.socketPath().toString();
            CliRun info = CliRun.of("guest", "--socket", socket, "guest-info");
            assertEquals(0, info.code(), info.toString());
            assertTrue(info.out().contains("\"version\": \"7.2"), info.out());
            CliRun file = CliRun.of("guest", "--socket", socket, "--compact", "guest-exec", "path=/bin/true");
            assertEquals(0, file.code(), file.toString());
            assertTrue(file.out().startsWith("{\"pid\":"), file.out());
            CliRun shutdown = CliRun.of("guest", "--socket", socket, "guest-shutdown");
            assertEquals(1, shutdown.code(), shutdown.toString());
            assertTrue(shutdown.err().contains("disabled"), shutdown.err());
        }
    }
}
