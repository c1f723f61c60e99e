package dev.qmpsdk.benchmarks;

import dev.qmpsdk.testkit.QemuProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The wire messages the codec benchmarks decode. Every fixture is written in the shape QEMU 7.2 sends (member
 * order, spacing, {@code \r\n} terminator); the {@code query-qmp-schema} reply is captured verbatim from the
 * installed QEMU at setup, since only a real server produces a realistic one.
 */
public final class Fixtures {
    /** System property naming a file holding a captured {@code query-qmp-schema} reply (set by the main for JMH forks). */
    public static final String SCHEMA_FILE_PROPERTY = "qmpsdk.bench.schemaFile";

    public static final String QUERY_STATUS_REPLY =
            "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": 42}\r\n";

    /** A typical event with data: a finished block job. */
    public static final String EVENT =
            "{\"timestamp\": {\"seconds\": 1732300000, \"microseconds\": 123456}, \"event\": \"BLOCK_JOB_COMPLETED\", "
            + "\"data\": {\"device\": \"drive-virtio-disk0\", \"len\": 21474836480, \"offset\": 21474836480, "
            + "\"speed\": 0, \"type\": \"commit\"}}\r\n";

    private Fixtures() {}

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A {@code query-block} reply for a VM with {@code disks} qcow2 disks on backing chains (each with a raw base
     * image) and one empty CD-ROM drive, in QEMU's member order.
     */
    public static String queryBlockReply(int disks) {
        StringBuilder b = new StringBuilder(disks * 2200);
        b.append("{\"return\": [");
        for (int i = 0; i < disks; i++) {
            String file = "/var/lib/libvirt/images/vm0-disk" + i + ".qcow2";
            String base = "/var/lib/libvirt/images/base-" + (i % 3) + ".raw";
            b.append("{\"io-status\": \"ok\", \"device\": \"drive-virtio-disk").append(i)
             .append("\", \"locked\": false, \"removable\": false, \"inserted\": {\"iops_rd\": 0, \"detect_zeroes\": \"off\", ")
             .append("\"image\": {\"backing-image\": {\"virtual-size\": 21474836480, \"filename\": \"").append(base)
             .append("\", \"format\": \"raw\", \"actual-size\": 2147483648, \"dirty-flag\": false}, ")
             .append("\"virtual-size\": 21474836480, \"filename\": \"").append(file)
             .append("\", \"cluster-size\": 65536, \"format\": \"qcow2\", \"actual-size\": ").append(1_073_741_824L + i * 4096L)
             .append(", \"format-specific\": {\"type\": \"qcow2\", \"data\": {\"compat\": \"1.1\", \"compression-type\": \"zlib\", ")
             .append("\"lazy-refcounts\": false, \"refcount-bits\": 16, \"corrupt\": false, \"extended-l2\": false}}, ")
             .append("\"full-backing-filename\": \"").append(base).append("\", \"backing-filename\": \"").append(base)
             .append("\", \"dirty-flag\": false}, \"iops_wr\": 0, \"ro\": false, \"node-name\": \"#block").append(100 + i * 2)
             .append("\", \"backing_file_depth\": 1, \"drv\": \"qcow2\", \"iops\": 0, \"bps_wr\": 0, \"write_threshold\": 0, ")
             .append("\"backing_file\": \"").append(base).append("\", \"encrypted\": false, \"bps\": 0, \"bps_rd\": 0, ")
             .append("\"cache\": {\"no-flush\": false, \"direct\": true, \"writeback\": true}, \"file\": \"").append(file)
             .append("\", \"encryption_key_missing\": false}, \"qdev\": \"/machine/peripheral/virtio-disk").append(i)
             .append("/virtio-backend\", \"type\": \"unknown\"}, ");
        }
        b.append("{\"io-status\": \"ok\", \"device\": \"drive-ide0-0-0\", \"locked\": false, \"removable\": true, ")
         .append("\"qdev\": \"ide0-0-0\", \"tray_open\": false, \"type\": \"unknown\"}");
        b.append("], \"id\": 42}\r\n");
        return b.toString();
    }

    /**
     * The {@code query-qmp-schema} reply of the installed QEMU: from the file named by {@link #SCHEMA_FILE_PROPERTY}
     * when set, else captured now from a fresh QEMU; empty when no QEMU is installed.
     */
    public static Optional<byte[]> schemaReply() {
        String file = System.getProperty(SCHEMA_FILE_PROPERTY);
        try {
            if (file != null && Files.isRegularFile(Path.of(file))) {
                return Optional.of(Files.readAllBytes(Path.of(file)));
            }
            return captureSchemaReply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a QEMU ({@code -machine none}), asks {@code query-qmp-schema} once with the raw client and keeps the bytes. */
    public static Optional<byte[]> captureSchemaReply() throws IOException {
        if (QemuProcess.binary().isEmpty()) {
            return Optional.empty();
        }
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start();
             RawQmpClient raw = RawQmpClient.connect(qemu.socketPath())) {
            return Optional.of(raw.call("{\"execute\": \"query-qmp-schema\", \"id\": 42}"));
        }
    }

    /** Captures the schema reply into a file for JMH forks and returns its path, or empty without QEMU. */
    public static Optional<Path> captureSchemaReplyToFile() throws IOException {
        Optional<byte[]> bytes = captureSchemaReply();
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Path f = Files.createTempFile("qmpsdk-bench-schema-", ".json");
        f.toFile().deleteOnExit();
        Files.write(f, bytes.get());
        return Optional.of(f);
    }
}
