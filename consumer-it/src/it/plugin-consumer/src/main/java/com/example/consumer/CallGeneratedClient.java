package com.example.consumer;

import com.example.qmp.QemuClient;
import com.example.qmp.QmpSchemaIntrospection;
import com.example.qmp.machine.CpuInfoFast;
import com.example.qmp.machine.CpuInstanceProperties;
import com.example.qmp.machine.SysEmuTarget;
import com.example.qmp.runstate.RunState;
import com.example.qmp.runstate.StatusInfo;
import com.example.qmp.runstate.StopEvent;
import dev.qmpsdk.reactive.QmpClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kotlin.Pair;

/**
 * A user's program over the client generated from this project's own schema: starts a QEMU with two CPUs,
 * connects with {@code QemuClient.connect}, and checks the typed answer of query-cpus-fast (a command the SDK's
 * 2.11.2 schema lacks), an event decoded into this schema's class, the introspection resource on the class path,
 * and the Kotlin API. Exits non-zero (failing this consumer build) when anything differs.
 */
public final class CallGeneratedClient {
    private CallGeneratedClient() {}

    public static void main(String[] args) throws Exception {
        check(QmpSchemaIntrospection.json().contains("\"query-cpus-fast\""),
                "the introspection resource on the class path lists query-cpus-fast");

        String binary = System.getenv().getOrDefault("QMPSDK_QEMU", "qemu-system-x86_64");
        Path dir = Files.createTempDirectory("qmp-plugin-consumer-");
        Path socket = dir.resolve("vm.qmp");
        List<String> command = List.of(binary, "-machine", "pc", "-smp", "2", "-nodefaults", "-display", "none", "-S",
                "-qmp", "unix:" + socket + ",server=on,wait=off");
        Process qemu;
        try {
            qemu = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new IllegalStateException(binary + " cannot be started (" + e.getMessage()
                    + "): install it with `apt-get install qemu-system-x86` (the project's .ci/run does)", e);
        }
        try {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!Files.exists(socket)) {
                if (!qemu.isAlive()) {
                    check(false, "QEMU exited with code " + qemu.waitFor() + ": " + String.join(" ", command));
                }
                check(System.nanoTime() < deadline, "QEMU made no QMP socket at " + socket + " within 15 s");
                Thread.sleep(10);
            }
            // README-BEGIN: plugin-client
            QemuClient qmp = QemuClient.connect(QmpClientOptions.unix(socket)   // this schema's events wired in
                    .commandTimeout(Duration.ofSeconds(10)).build()).block();
            List<CpuInfoFast> cpus = qmp.queryCpusFast().block();           // QEMU 2.12+: not in the SDK's 2.11.2 API
            for (CpuInfoFast cpu : cpus) {
                System.out.println("CPU " + cpu.cpuIndex() + " on host thread " + cpu.threadId() + " at " + cpu.qomPath());
            }
            // README-END
            check(cpus.size() == 2, "query-cpus-fast listed " + cpus + ", expected 2 CPUs (-smp 2)");
            for (int i = 0; i < cpus.size(); i++) {
                CpuInfoFast cpu = cpus.get(i);
                check(cpu.cpuIndex() == i, "CPU " + i + " has cpu-index " + cpu.cpuIndex());
                check(cpu.target().equals(SysEmuTarget.X86_64), "CPU " + i + " target " + cpu.target());
                check(cpu.qomPath().startsWith("/machine/"), "CPU " + i + " qom-path " + cpu.qomPath());
                check(cpu.threadId() > 0, "CPU " + i + " thread-id " + cpu.threadId());
                CpuInstanceProperties props = cpu.props();
                check(props != null && Long.valueOf(i).equals(props.coreId()) && Long.valueOf(0).equals(props.socketId()),
                        "CPU " + i + " props " + props + ", expected core-id " + i + " on socket 0");
            }

            StatusInfo prelaunch = qmp.queryStatus().block();
            check(prelaunch.status().equals(RunState.PRELAUNCH), "status " + prelaunch.status() + ", expected prelaunch (-S)");
            CompletableFuture<StopEvent> stopped = qmp.events(StopEvent.class).next().toFuture();   // hot: subscribe first
            qmp.cont().then(qmp.stop()).block();
            StopEvent stop = stopped.get(10, TimeUnit.SECONDS);
            check(stop.timestamp() != null, "the STOP event of this schema's class has no timestamp");
            StatusInfo paused = qmp.queryStatus().block();
            check(paused.status().equals(RunState.PAUSED), "status " + paused.status() + ", expected paused");

            Pair<Integer, String> kotlin = KotlinCalls.cpusAndHmp(qmp);
            check(kotlin.getFirst() == 2, "Kotlin queryCpusFast() listed " + kotlin.getFirst() + " CPUs");
            check(kotlin.getSecond().contains("CPU #0") && kotlin.getSecond().contains("CPU #1"),
                    "Kotlin humanMonitorCommand { commandLine = \"info cpus\" } printed " + kotlin.getSecond());

            qmp.close().block();
            System.out.println("plugin-consumer: the generated QemuClient ran query-cpus-fast (" + cpus.size()
                    + " CPUs), query-status, STOP and the Kotlin API against " + String.join(" ", command));
        } finally {
            qemu.destroyForcibly().waitFor();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        System.exit(0); // reactor-netty's event-loop threads are daemons; do not wait for stragglers
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("plugin-consumer: " + what);
            System.exit(1);
        }
    }
}
