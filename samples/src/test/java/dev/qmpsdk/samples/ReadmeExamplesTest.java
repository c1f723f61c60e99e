package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.introspection.SchemaPath;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedSchema;
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
    void capabilityExampleFollowsTheServersSchema() {
        SimulatedSchema newer = SimulatedSchema.compiled()
                .withRenamedCommand("query-cpus", "query-cpus-fast")
                .withEnumValue(SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability"), "multifd");
        try (SimulatedVm vm = SimulatedVm.start("newer", newer)) {
            vm.server().on("query-cpus-fast", Reply.ok("[{\"cpu-index\": 0}, {\"cpu-index\": 1}]"));
            ReadmeExamples.CapabilityResult r = ReadmeExamples.capabilities(vm.socketPath());
            assertFalse(r.hasQueryCpus());
            assertEquals(2, r.cpus());
            assertTrue(r.multifd());
            assertTrue(r.refused().startsWith("the server (QEMU 7.2.0) has no command 'query-cpus'"), r.refused());
            assertFalse(vm.server().received().stream().anyMatch(q -> q.command().equals("query-cpus")), "refused without sending");
        }
        try (SimulatedVm old = SimulatedVm.start("old")) {
            old.server().on("query-cpus", Reply.ok("[]"));
            ReadmeExamples.CapabilityResult r = ReadmeExamples.capabilities(old.socketPath());
            assertTrue(r.hasQueryCpus());
            assertEquals(-1, r.cpus(), "2.11.2 has no query-cpus-fast");
            assertFalse(r.multifd());
            assertEquals("", r.refused());
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
