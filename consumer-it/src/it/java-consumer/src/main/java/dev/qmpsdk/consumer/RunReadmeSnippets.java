package dev.qmpsdk.consumer;

import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.samples.ReadmeExamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the README's Java snippets as a user's program would: the codec one, then the client one against a QEMU
 * started as the README says. Exits non-zero (failing this consumer build) when anything differs.
 */
public final class RunReadmeSnippets {
    private RunReadmeSnippets() {}

    public static void main(String[] args) throws Exception {
        byte[] stop = "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}".getBytes(StandardCharsets.UTF_8);
        ReadmeExamples.CodecResult codec = ReadmeExamples.codec(stop);
        check(codec.decoded() instanceof StopEvent, "codec snippet decoded " + codec.decoded() + ", expected a StopEvent");
        check(!(codec.decoded() instanceof RawEvent), "codec snippet");

        String binary = System.getenv().getOrDefault("QMPSDK_QEMU", "qemu-system-x86_64");
        Path dir = Files.createTempDirectory("qmp-consumer-");
        Path socket = dir.resolve("vm.qmp");
        List<String> command = List.of(binary, "-machine", "none", "-nodefaults", "-display", "none",
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
            StatusInfo status = ReadmeExamples.commandAndEvents(socket);
            check(status.status().equals(RunState.PAUSED), "client snippet: status " + status.status() + ", expected paused");
            System.out.println("consumer: the README's Java snippets ran against " + String.join(" ", command));
        } finally {
            qemu.destroyForcibly().waitFor();
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        System.exit(0); // reactor-netty's event-loop threads are daemons; do not wait for stragglers
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer: " + what);
            System.exit(1);
        }
    }
}
