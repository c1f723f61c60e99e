package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.testkit.SimulatedVm;
import java.nio.charset.StandardCharsets;
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

    @Test
    void codecExampleEncodesWhatTheReadmeSaysAndDecodesATypedEvent() {
        byte[] stop = "{\"timestamp\": {\"seconds\": 1732300000, \"microseconds\": 52018}, \"event\": \"STOP\"}"
                .getBytes(StandardCharsets.UTF_8);
        ReadmeExamples.CodecResult r = ReadmeExamples.codec(stop);
        assertEquals("{\"execute\":\"query-status\",\"id\":1}", new String(r.request(), StandardCharsets.UTF_8));
        assertInstanceOf(StopEvent.class, r.decoded());
    }
}
