package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.testkit.FakeGuestAgent;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code qmp guest} against {@link FakeGuestAgent}: what is sent, what is printed, and the exit codes of {@code exec}. */
class CliGuestTest {
    @Test
    void aCommandWithArgumentsPrintsItsReturnValue() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()
                .on("guest-exec-status", Reply.ok("{\"exited\": true, \"exitcode\": 0}"))) {
            CliRun run = CliRun.of("guest", "--socket", agent.socketPath().toString(), "--compact", "guest-exec-status", "pid=42");
            assertEquals(0, run.code(), run.toString());
            assertEquals("{\"exited\":true,\"exitcode\":0}", run.out().strip());
            assertEquals(42, agent.awaitRequest("guest-exec-status", Duration.ofSeconds(5)).arguments().get("pid").asInt());
            assertEquals("guest-sync-delimited", agent.received().get(0).command(), "synchronised first: " + agent.received());
        }
    }

    @Test
    void anAgentErrorExitsWithOne() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix()) {
            CliRun run = CliRun.of("guest", "--socket", agent.socketPath().toString(), "guest-no-such-command");
            assertEquals(1, run.code(), run.toString());
            assertTrue(run.err().contains("CommandNotFound") && run.err().contains("guest-info lists them"), run.err());
        }
    }

    @Test
    void aMissingSocketExitsWithThreeAtOnce() {
        CliRun run = CliRun.of("guest", "--socket", "/nonexistent/qga.sock", "guest-ping");
        assertEquals(3, run.code(), run.toString());
        assertTrue(run.err().contains("no guest agent socket at /nonexistent/qga.sock") && run.err().contains("--wait"), run.err());
    }

    @Test
    void anAgentThatNeverSynchronisesExitsWithThree() {
        try (FakeGuestAgent agent = FakeGuestAgent.startUnix().answerSyncs(false)) {
            CliRun run = CliRun.of("guest", "--socket", agent.socketPath().toString(), "--timeout", "500ms", "guest-ping");
            assertEquals(3, run.code(), run.toString());
            assertTrue(run.err().contains("no guest agent answered at " + agent.socketPath()), run.err());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of("guest", "--socket", "/tmp/x.sock");
        assertEquals(2, run.code(), run.toString());
    }
}
