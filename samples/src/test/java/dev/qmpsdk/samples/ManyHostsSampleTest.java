package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.kafka.testing.InProcessKafka;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Many hosts": the many-hosts command runs as documented (two agents, the controller's commands and
 * events) and the README snippet works, both through one in-process KRaft broker (the one the command starts when it
 * is given no --bootstrap).
 */
class ManyHostsSampleTest {
    private static InProcessKafka broker;

    @BeforeAll
    static void start() {
        broker = InProcessKafka.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void agentsAndControllerThroughKafka() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "many-hosts", "--bootstrap", broker.bootstrap(), "--hosts", "2", "--vms", "2");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("host-1/vm-2 is running"), text);
        assertTrue(text.contains("event  host-2/vm-1 STOP") && text.contains("event  host-2/vm-1 RESUME"), text);
        assertTrue(text.contains("host-1/vm-99: UNKNOWN_VM"), text);
    }

    @Test
    void readmeSnippet() {
        try (SimulatedVm vm = SimulatedVm.start("vm-17")) {
            assertEquals(RunState.PAUSED, ManyHostsReadmeExample.manyHosts(broker.bootstrap(), vm.socketPath()).status());
        }
    }
}
