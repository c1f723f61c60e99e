package dev.qmpsdk.reactive.jobs;

import static dev.qmpsdk.reactive.jobs.QemuBlockJobsIT.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.qapi.migration.MigrateArguments;
import dev.qmpsdk.core.qapi.migration.MigrationStatus;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.QemuProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * Live migration between two real QEMU 7.2 processes (a stopped q35 guest of 128 MiB, over a Unix socket), watched on
 * both sides.
 */
class QemuMigrationIT {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private QmpClient vm(String... extra) {
        QemuProcess qemu = QemuProcess.builder().machine("q35").extraArgs("-S", "-m", "128").extraArgs(extra).start();
        resources.add(qemu);
        QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
        assertNotNull(qmp);
        resources.add(() -> qmp.close().block(T));
        return qmp;
    }

    @Test
    void aLiveMigrationIsObservedToCompletionOnBothSides() {
        QmpClient source = vm();
        QmpClient destination = vm("-incoming", "defer");
        String uri = "unix:" + dir.resolve("migration.sock");

        List<MigrationProgress> incoming = new CopyOnWriteArrayList<>();
        List<Throwable> incomingErrors = new CopyOnWriteArrayList<>();
        Disposable watching = QmpJobs.on(destination).pollInterval(Duration.ofMillis(100)).migrateIncoming(uri)
                .subscribe(incoming::add, incomingErrors::add);
        awaitTrue(() -> !incoming.isEmpty(), "the destination listens");

        List<MigrationProgress> outgoing = QmpJobs.on(source).pollInterval(Duration.ofMillis(100))
                .migrate(MigrateArguments.of(b -> b.uri(uri))).collectList().block(T);

        MigrationProgress last = outgoing.get(outgoing.size() - 1);
        assertEquals(MigrationStatus.COMPLETED, last.status(), outgoing.toString());
        assertTrue(last.totalBytes() >= 128L << 20, "the guest's RAM was counted: " + last);
        assertTrue(last.transferredBytes() > 0, last.toString());
        awaitTrue(() -> watching.isDisposed(), "the destination's stream ended: " + incoming + " " + incomingErrors);
        assertEquals(List.of(), incomingErrors);
        assertEquals(MigrationStatus.COMPLETED, incoming.get(incoming.size() - 1).status(), incoming.toString());
    }

    @Test
    void disposingTheSubscriptionCancelsAMigrationMidway() {
        QmpClient source = vm();
        QmpClient destination = vm("-incoming", "defer");
        String uri = "unix:" + dir.resolve("migration.sock");
        destination.migrateIncoming(b -> b.uri(uri)).block(T);
        // 128 MiB of zero pages cost a few bytes each: at 50 kB/s the migration takes several seconds.
        source.migrateSetParameters(b -> b.maxBandwidth(50_000L)).block(T);

        List<MigrationProgress> seen = new CopyOnWriteArrayList<>();
        Disposable migration = QmpJobs.on(source).pollInterval(Duration.ofMillis(100))
                .migrate(MigrateArguments.of(b -> b.uri(uri))).subscribe(seen::add);
        awaitTrue(() -> seen.stream().anyMatch(p -> p.status().equals(MigrationStatus.ACTIVE) && p.transferredBytes() > 0),
                "the migration is under way: " + seen);
        migration.dispose();

        awaitTrue(() -> "cancelled".equals(source.executeRaw("query-migrate", null).block(T).path("status").asText()),
                "migrate_cancel was sent: " + source.executeRaw("query-migrate", null).block(T));
        assertFalse(seen.stream().anyMatch(MigrationProgress::isTerminal), "a disposed subscriber is told nothing more: " + seen);
        assertNotNull(source.queryStatus().block(T), "the source keeps its VM after a cancelled migration");
    }
}
