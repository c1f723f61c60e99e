package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qmpsdk.testkit.QemuProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark harness from rotting: every implemented scenario runs for a moment (a few hundred
 * commands), the SDK and the raw baseline must both complete and agree with the server on counts, and every
 * codec benchmark must decode its fixture. No timing is asserted here: targets belong to BENCHMARKS.md.
 * The scenarios against a real QEMU run when one is installed.
 */
class BenchmarkSmokeTest {
    @Test
    void everyScenarioRunsAndSdkAndBaselineAgree() {
        // a generous guard against a hang, not a performance assertion
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> BenchmarkMain.smoke(QemuProcess.binary().isPresent()));
    }
}
