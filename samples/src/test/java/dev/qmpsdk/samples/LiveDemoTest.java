package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's main job, end to end, with simulated VMs (LiveDemoQemuIT: with real QEMU). */
class LiveDemoTest {
    static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "demo";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), command);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        return text;
    }

    static void assertDroveTheVms(String out, int vms) {
        assertTrue(out.contains("Connected to " + vms + " monitors on one event-loop thread"), out);
        for (int i = 1; i <= vms; i++) {
            assertTrue(Pattern.compile("(?m)^vm-" + i + " +[a-z-]+ +\\d+ ").matcher(out).find(), "vm-" + i + " row in\n" + out);
        }
        Matcher done = Pattern.compile("Done: (\\d+) commands, (\\d+) events").matcher(out);
        assertTrue(done.find(), out);
        assertTrue(Long.parseLong(done.group(1)) > 100, out);
        assertTrue(Long.parseLong(done.group(2)) >= vms, "every VM at least says SHUTDOWN on quit:\n" + out);
    }

    @Test
    void drivesSimulatedVms() {
        String out = run("--vms", "3", "--seconds", "1", "--simulated");
        assertTrue(out.contains("Starting 3 simulated VMs"), out);
        assertDroveTheVms(out, 3);
    }

    @Test
    void rejectsUnknownOptions() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), "demo", "--fast");
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--fast'"), err.toString(StandardCharsets.UTF_8));
    }
}
