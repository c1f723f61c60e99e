package dev.qmpsdk.reactive.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpJobFailedException;
import dev.qmpsdk.core.QmpJobIdInUseException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.qapi.blockcore.BlockCommitArguments;
import dev.qmpsdk.core.qapi.blockcore.BlockStreamArguments;
import dev.qmpsdk.core.qapi.blockcore.BlockdevBackup;
import dev.qmpsdk.core.qapi.blockcore.DriveBackup;
import dev.qmpsdk.core.qapi.blockcore.DriveMirror;
import dev.qmpsdk.core.qapi.blockcore.MirrorSyncMode;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.QemuImages;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * Block jobs on a real QEMU 7.2 with real images: a 4 MiB qcow2 source holding 3 MiB of data (written through QEMU's
 * own qemu-io), copied at a limited speed so that progress is seen.
 */
class QemuBlockJobsIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final long SIZE = 4 << 20;
    /** 4 MiB/s: the 3 MiB of data take most of a second, a few progress polls at 100 ms. */
    private static final long SPEED = 4 << 20;

    @TempDir
    Path dir;
    private QemuProcess qemu;
    private QmpClient qmp;
    private QmpJobs jobs;
    private Path source;

    @BeforeAll
    static void toolsMustBeInstalled() {
        QemuProcess.requireInstalled();
        QemuImages.requireInstalled();
    }

    @BeforeEach
    void startQemuWithASourceImage() {
        source = QemuImages.createQcow2(dir.resolve("source.qcow2"), SIZE, null);
        qemu = QemuProcess.builder().qmpUnixSocket().start();
        qmp = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
        assertNotNull(qmp);
        jobs = QmpJobs.on(qmp).pollInterval(Duration.ofMillis(100));
        addNode(objectNode().put("driver", "qcow2").put("node-name", "src")
                .set("file", objectNode().put("driver", "file").put("filename", source.toString())));
        JsonNode written = qmp.executeRaw("human-monitor-command",
                objectNode().put("command-line", "qemu-io src \"write -P 0x55 0 3M\"")).block(T);
        assertEquals("", written.asText(), "qemu-io through HMP should print nothing on the monitor");
    }

    @AfterEach
    void stopQemu() {
        if (qmp != null) {
            qmp.close().block(T);
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void backupToANewQcow2ShowsProgressAndCompletes() throws Exception {
        Path target = dir.resolve("backup.qcow2");
        List<BlockJobProgress> seen = jobs.backup(DriveBackup.of(b -> b.jobId("bk0").device("src").target(target.toString())
                .format("qcow2").sync(MirrorSyncMode.FULL).speed(SPEED))).collectList().block(T);

        BlockJobProgress last = seen.get(seen.size() - 1);
        assertEquals(BlockJobPhase.COMPLETED, last.phase(), seen.toString());
        assertEquals("backup", last.type());
        assertEquals(SIZE, last.length());
        assertEquals(SIZE, last.offset());
        assertTrue(seen.stream().anyMatch(p -> p.phase() == BlockJobPhase.RUNNING && p.offset() > 0 && p.offset() < SIZE),
                "a progress value part way through: " + seen);
        assertEquals(1, seen.stream().filter(p -> p.phase().isTerminal()).count(), seen.toString());
        assertTrue(qmp.executeRaw("query-block-jobs", null).block(T).isEmpty(), "the job is gone");
        assertEquals("Images are identical.", compareAfterQuit(source, target));
    }

    @Test
    void mirrorReachesReadyAndIsCompleted() throws Exception {
        Path target = dir.resolve("mirror.qcow2");
        List<BlockJobProgress> seen = jobs.mirror(DriveMirror.of(b -> b.jobId("m0").device("src").target(target.toString())
                        .format("qcow2").sync(MirrorSyncMode.FULL)))
                .transform(jobs::completeWhenReady)
                .collectList().block(T);

        assertTrue(seen.stream().anyMatch(BlockJobProgress::isReady), "READY before the end: " + seen);
        assertEquals(BlockJobPhase.COMPLETED, seen.get(seen.size() - 1).phase(), seen.toString());
        assertEquals("mirror", seen.get(seen.size() - 1).type());
        assertEquals("Images are identical.", compareAfterQuit(source, target));
    }

    @Test
    void streamCopiesTheBackingImageIntoTheTopOne() throws Exception {
        qmp.executeRaw("blockdev-del", objectNode().put("node-name", "src")).block(T);   // top opens it as its backing
        Path top = QemuImages.createQcow2(dir.resolve("top.qcow2"), SIZE, source);
        addNode(objectNode().put("driver", "qcow2").put("node-name", "top")
                .set("file", objectNode().put("driver", "file").put("filename", top.toString())));

        List<BlockJobProgress> seen = jobs.stream(BlockStreamArguments.of(b -> b.jobId("st").device("top"))).collectList().block(T);

        assertEquals(BlockJobPhase.COMPLETED, seen.get(seen.size() - 1).phase(), seen.toString());
        assertEquals("stream", seen.get(seen.size() - 1).type());
        qmp.executeRaw("quit", null).block(T);
        assertTrue(qemu.awaitExit(T), "QEMU quits");
        assertFalse(imageInfo(top).contains("backing-filename"), "the top image no longer has a backing file");
    }

    @Test
    void anActiveCommitReachesReadyAndIsCompleted() {
        qmp.executeRaw("blockdev-del", objectNode().put("node-name", "src")).block(T);
        Path top = QemuImages.createQcow2(dir.resolve("top.qcow2"), SIZE, source);
        addNode(objectNode().put("driver", "qcow2").put("node-name", "top")
                .set("file", objectNode().put("driver", "file").put("filename", top.toString())));

        List<BlockJobProgress> seen = jobs.commit(BlockCommitArguments.of(b -> b.jobId("cm").device("top")))
                .transform(jobs::completeWhenReady).collectList().block(T);

        assertTrue(seen.stream().anyMatch(BlockJobProgress::isReady), "READY before the end: " + seen);
        assertEquals(BlockJobPhase.COMPLETED, seen.get(seen.size() - 1).phase(), seen.toString());
        assertEquals("commit", seen.get(seen.size() - 1).type());
    }

    @Test
    void aJobWhoseTargetCannotBeWrittenFailsWithQemusMessage() {
        addUnwritableTarget("bad");
        QmpJobFailedException failed = assertThrows(QmpJobFailedException.class, () -> jobs.backup(BlockdevBackup.of(b ->
                b.jobId("bk1").device("src").target("bad").sync(MirrorSyncMode.FULL))).blockLast(T));
        assertEquals("No space left on device", failed.qemuMessage());
        assertEquals("bk1", failed.jobId());
        assertEquals("backup job 'bk1' failed: No space left on device", failed.getMessage());
    }

    @Test
    void aJobKeptByQemuIsReadThereAndDismissed() {
        // auto-dismiss=false (QEMU 3.0+, not in the 2.11.2 arguments): QEMU keeps the concluded job until job-dismiss.
        addUnwritableTarget("bad");
        ObjectNode args = objectNode().put("job-id", "kept").put("device", "src").put("target", "bad").put("sync", "full")
                .put("auto-dismiss", false);
        QmpJobFailedException failed = assertThrows(QmpJobFailedException.class,
                () -> jobs.blockJob("blockdev-backup", args).blockLast(T));
        assertEquals("No space left on device", failed.qemuMessage());
        assertTrue(qmp.executeRaw("query-block-jobs", null).block(T).isEmpty(), "the stream dismissed the concluded job");
    }

    @Test
    void disposingTheSubscriptionCancelsTheJob() throws Exception {
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        Disposable watch = qmp.events().subscribe(events::add);
        List<BlockJobProgress> seen = new CopyOnWriteArrayList<>();
        Path target = dir.resolve("cancelled.qcow2");
        // 64 KiB/s: the job would take most of a minute.
        Disposable job = jobs.backup(DriveBackup.of(b -> b.jobId("slow").device("src").target(target.toString())
                .format("qcow2").sync(MirrorSyncMode.FULL).speed(64L << 10))).subscribe(seen::add);
        awaitTrue(() -> !seen.isEmpty(), "a first progress value: " + seen);
        job.dispose();

        awaitTrue(() -> events.stream().anyMatch(e -> e.eventName().equals("BLOCK_JOB_CANCELLED")),
                "BLOCK_JOB_CANCELLED after disposing: " + events);
        awaitTrue(() -> qmp.executeRaw("query-block-jobs", null).block(T).isEmpty(), "no job left");
        assertFalse(seen.stream().anyMatch(p -> p.phase().isTerminal()), "a disposed subscriber is told nothing more: " + seen);
        watch.dispose();
    }

    @Test
    void aJobIdInUseIsATypedErrorNamingIt() {
        List<BlockJobProgress> first = new CopyOnWriteArrayList<>();
        Disposable running = jobs.backup(DriveBackup.of(b -> b.jobId("dup").device("src")
                .target(dir.resolve("first.qcow2").toString()).format("qcow2").sync(MirrorSyncMode.FULL).speed(64L << 10)))
                .subscribe(first::add);
        awaitTrue(() -> !first.isEmpty(), "the first job runs");

        QmpJobIdInUseException inUse = assertThrows(QmpJobIdInUseException.class, () -> jobs.backup(DriveBackup.of(b ->
                b.jobId("dup").device("src").target(dir.resolve("second.qcow2").toString()).format("qcow2")
                        .sync(MirrorSyncMode.FULL))).blockLast(T));
        assertEquals("dup", inUse.jobId());
        assertTrue(inUse.getMessage().contains("'dup'") && inUse.getMessage().contains("already in use"), inUse.getMessage());
        assertFalse(first.stream().anyMatch(p -> p.phase().isTerminal()), "the first job is untouched: " + first);
        assertEquals(1, qmp.executeRaw("query-block-jobs", null).block(T).size());
        running.dispose();
    }

    // ------------------------------------------------------------------ helpers

    /** A raw node over blkdebug, which fails every write with ENOSPC: a target that cannot be written. */
    private void addUnwritableTarget(String nodeName) {
        Path file = dir.resolve(nodeName + ".raw");
        try {
            Files.write(file, new byte[(int) SIZE]);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ObjectNode rule = objectNode().put("event", "write_aio").put("errno", 28);
        ObjectNode blkdebug = objectNode().put("driver", "blkdebug");
        blkdebug.putArray("inject-error").add(rule);
        blkdebug.set("image", objectNode().put("driver", "file").put("filename", file.toString()));
        addNode(objectNode().put("driver", "raw").put("node-name", nodeName).set("file", blkdebug));
    }

    private static String imageInfo(Path image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(QemuImages.requireInstalled().toString(), "info", "--output=json", image.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private void addNode(ObjectNode options) {
        qmp.executeRaw("blockdev-add", options).block(T);
    }

    private static ObjectNode objectNode() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Compares two images once QEMU has quit, so that everything it cached (qcow2 metadata) is on disk. */
    private String compareAfterQuit(Path a, Path b) throws IOException, InterruptedException {
        qmp.executeRaw("quit", null).block(T);
        assertTrue(qemu.awaitExit(T), "QEMU quits");
        Process p = new ProcessBuilder(QemuImages.requireInstalled().toString(), "compare", a.toString(), b.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + T + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
