package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qmpsdk.testkit.QemuProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark scenarios against a real QEMU (scenario 3, the fleet, the schema-reply codec) at tiny scale. */
class BenchmarkSmokeQemuIT {
    @Test
    void everyQemuScenarioRunsAndSdkAndBaselineAgree() {
        QemuProcess.requireInstalled();
        // a generous guard against a hang, not a performance assertion
        assertTimeoutPreemptively(Duration.ofMinutes(2), BenchmarkMain::smokeWithQemu);
    }
}
