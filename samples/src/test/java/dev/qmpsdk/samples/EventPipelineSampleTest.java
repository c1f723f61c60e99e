package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qmpsdk.reactive.OverflowPolicy;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** The event pipeline against three simulated VMs. */
class EventPipelineSampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<SimulatedVm> vms = new ArrayList<>();
    private final QmpFleet fleet = QmpFleet.create();

    @AfterEach
    void tearDown() {
        fleet.dispose();
        vms.forEach(SimulatedVm::close);
    }

    @Test
    void writesLifecycleEventsOfEveryVmAsJsonLines() throws Exception {
        for (int i = 1; i <= 3; i++) {
            SimulatedVm vm = SimulatedVm.start("vm-" + i);
            vms.add(vm);
            fleet.add(vm.name(), QmpClientOptions.unix(vm.socketPath()).eventBufferSize(64).eventOverflowPolicy(OverflowPolicy.DROP_OLDEST).build())
                    .block(Duration.ofSeconds(10));
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Disposable pipeline = EventPipelineSample.start(fleet, lines::add, 128);
        try {
            Flux.fromIterable(fleet.vmIds())
                    .flatMap(id -> fleet.vm(id).stop().then(fleet.vm(id).cont()))
                    .blockLast(Duration.ofSeconds(10));
            // POWERDOWN then SHUTDOWN on vm-2: the pipeline must keep SHUTDOWN and filter POWERDOWN out.
            fleet.vm("vm-2").systemPowerdown().block(Duration.ofSeconds(10));

            Set<String> seen = new TreeSet<>();
            for (int n = 0; n < 7; n++) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertNotNull(line, "line " + n + " of 7; so far " + seen);
                JsonNode json = JSON.readTree(line);
                assertEquals(Set.of("vm", "event", "timestamp"), fieldNames(json), line);
                Instant.parse(json.get("timestamp").asText()); // present and ISO-8601
                seen.add(json.get("vm").asText() + " " + json.get("event").asText());
            }
            assertEquals(new TreeSet<>(List.of("vm-1 STOP", "vm-1 RESUME", "vm-2 STOP", "vm-2 RESUME", "vm-2 SHUTDOWN",
                    "vm-3 STOP", "vm-3 RESUME")), seen);
            assertTrue(lines.stream().noneMatch(l -> l.contains("POWERDOWN")), lines.toString());
        } finally {
            pipeline.dispose();
        }
    }

    private static Set<String> fieldNames(JsonNode json) {
        Set<String> names = new TreeSet<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
