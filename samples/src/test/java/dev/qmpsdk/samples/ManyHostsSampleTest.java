package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's many-hosts command runs as documented: its own broker, two agents, the controller's commands and events. */
class ManyHostsSampleTest {
    @Test
    void agentsAndControllerThroughAnInProcessBroker() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "many-hosts", "--hosts", "2", "--vms", "2");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("host-1/vm-2 is running"), text);
        assertTrue(text.contains("event  host-2/vm-1 STOP") && text.contains("event  host-2/vm-1 RESUME"), text);
        assertTrue(text.contains("host-1/vm-99: UNKNOWN_VM"), text);
    }
}
