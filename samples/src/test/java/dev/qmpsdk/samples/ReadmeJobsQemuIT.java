package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.qapi.migration.MigrationStatus;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.jobs.BlockJobPhase;
import dev.qmpsdk.testkit.QemuImages;
import dev.qmpsdk.testkit.QemuProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's jobs snippet ({@link ReadmeExamples#jobs}) on real QEMUs: a backup of a 4 MiB qcow2 node to a new
 * qcow2, then a migration of a stopped q35 guest of 64 MiB to a second QEMU started with {@code -incoming unix:PATH}.
 */
class ReadmeJobsQemuIT {
    private static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theJobsSnippetBacksUpAndMigrates() {
        Path migration = dir.resolve("migration.sock");
        Path source = QemuImages.createQcow2(dir.resolve("disk.qcow2"), 4 << 20, null);
        try (QemuProcess from = QemuProcess.builder().machine("q35").extraArgs("-S", "-m", "64").start();
             QemuProcess to = QemuProcess.builder().machine("q35").extraArgs("-S", "-m", "64", "-incoming", "unix:" + migration).start()) {
            QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(from.socketPath()).build()).block(T);
            assertNotNull(qmp);
            ObjectNode node = JsonNodeFactory.instance.objectNode().put("driver", "qcow2").put("node-name", "disk0");
            node.set("file", JsonNodeFactory.instance.objectNode().put("driver", "file").put("filename", source.toString()));
            qmp.executeRaw("blockdev-add", node).block(T);
            Path target = dir.resolve("backup.qcow2");

            ReadmeExamples.JobsResult result = ReadmeExamples.jobs(qmp, "disk0", target, migration);

            assertEquals(BlockJobPhase.COMPLETED, result.backup().phase());
            assertTrue(Files.exists(target), "the backup's image was made");
            assertEquals(MigrationStatus.COMPLETED, result.migration().status());
            qmp.close().block(T);
        }
    }
}
