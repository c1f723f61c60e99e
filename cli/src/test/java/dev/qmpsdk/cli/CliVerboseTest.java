package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedVm;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code qmp --verbose}: the SDK's redacted wire log on stderr, and nothing of it without the option. */
class CliVerboseTest {
    private static SimulatedVm vm;

    @BeforeAll
    static void startVm() {
        vm = SimulatedVm.start("sim-verbose");
        vm.server().on("change-vnc-password", Reply.ok());
    }

    @AfterAll
    static void stopVm() {
        vm.close();
    }

    @Test
    void verboseShowsEveryMessageOnStderrWithThePasswordMasked() {
        String socket = vm.socketPath().toString();
        CliRun r = CliRun.of("--verbose", "exec", "--socket", socket, "change-vnc-password", "password=hunter2-xyz");
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.err().contains("hunter2-xyz"), "the password must not be shown: " + r);
        assertFalse(r.out().contains("hunter2-xyz"), r.toString());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains(" -> ") && l.contains("\"execute\":\"change-vnc-password\"")
                && l.contains("\"password\":\"<redacted>\"")), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(" <- ") && l.contains("\"QMP\"")), "the greeting: " + r);
        assertTrue(lines.stream().anyMatch(l -> l.contains(" -> ") && l.contains("qmp_capabilities")), r.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(" <- ") && l.contains("\"return\":{}")), r.toString());

        CliRun quiet = CliRun.of("exec", "--socket", socket, "query-status");
        assertEquals(0, quiet.code(), quiet.toString());
        assertEquals("", quiet.err(), "no wire log without --verbose");
    }
}
