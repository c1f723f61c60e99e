package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark harness from rotting: every scenario that needs no QEMU runs for a moment (a few hundred
 * commands), the SDK and the raw baseline must both complete and agree with the server on counts, and every
 * codec benchmark must decode its fixture. No timing is asserted here: targets belong to BENCHMARKS.md.
 * {@code BenchmarkSmokeQemuIT} does the same for the scenarios against a real QEMU.
 */
class BenchmarkSmokeTest {
    @Test
    void everyScenarioWithoutQemuRunsAndSdkAndBaselineAgree() {
        // a generous guard against a hang, not a performance assertion
        assertTimeoutPreemptively(Duration.ofMinutes(2), BenchmarkMain::smokeWithoutQemu);
    }
}
