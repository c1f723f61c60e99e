package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.testkit.SimulatedVm;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeExamplesTest {
    @Test
    void commandAndEventExampleRuns() {
        try (SimulatedVm vm = SimulatedVm.start("readme")) {
            assertEquals(RunState.PAUSED, ReadmeExamples.commandAndEvents(vm.socketPath()).status());
        }
    }

    @Test
    void fleetExampleRuns() {
        try (SimulatedVm a = SimulatedVm.start("a"); SimulatedVm b = SimulatedVm.start("b"); SimulatedVm c = SimulatedVm.start("c")) {
            assertEquals(3, ReadmeExamples.fleet(List.of(a.socketPath(), b.socketPath(), c.socketPath())));
        }
    }
}
