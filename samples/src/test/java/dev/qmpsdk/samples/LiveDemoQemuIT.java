package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.testkit.QemuProcess;
import org.junit.jupiter.api.Test;

/** The README's main job with real QEMU (what it does when qemu-system-x86_64 is installed). */
class LiveDemoQemuIT {
    @Test
    void drivesRealQemu() {
        QemuProcess.requireInstalled();
        String out = LiveDemoTest.run("--vms", "2", "--seconds", "1");
        assertTrue(out.contains("Starting 2 QEMU VMs"), out);
        assertTrue(out.contains("server says QEMU 7."), out);
        LiveDemoTest.assertDroveTheVms(out, 2);
    }
}
