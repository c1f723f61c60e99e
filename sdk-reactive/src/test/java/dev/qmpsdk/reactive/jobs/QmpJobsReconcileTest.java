package dev.qmpsdk.reactive.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpJobFailedException;
import dev.qmpsdk.core.QmpJobIdInUseException;
import dev.qmpsdk.core.QmpJobLostException;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.blockcore.BlockdevBackup;
import dev.qmpsdk.core.qapi.blockcore.DriveBackup;
import dev.qmpsdk.core.qapi.blockcore.DriveMirror;
import dev.qmpsdk.core.qapi.blockcore.MirrorSyncMode;
import dev.qmpsdk.core.qapi.migration.MigrateArguments;
import dev.qmpsdk.reactive.OverflowPolicy;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.reactive.ReconnectPolicy;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The ways a job's end can hide from a client, played by a fake QMP server: the stream must still end, once. */
class QmpJobsReconcileTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String RUNNING_211 = "[{\"device\": \"bk\", \"type\": \"backup\", \"len\": 100, \"offset\": 40,"
            + " \"busy\": true, \"paused\": false, \"speed\": 0, \"io-status\": \"ok\", \"ready\": false}]";

    private final FakeQmpServer server = FakeQmpServer.startUnix().on("job-dismiss", Reply.ok());
    private QmpClient qmp;

    @AfterEach
    void close() {
        if (qmp != null) {
            qmp.close().block(T);
        }
        server.close();
    }

    private QmpJobs jobs(QmpClientOptions.Builder options) {
        qmp = QmpClient.connect(options.build()).block(T);
        assertNotNull(qmp);
        return QmpJobs.on(qmp).pollInterval(Duration.ZERO).lostAfter(Duration.ofMillis(200));
    }

    private QmpClientOptions.Builder options() {
        return QmpClientOptions.unix(server.socketPath()).connectTimeout(T).commandTimeout(T);
    }

    private static DriveBackup backup() {
        return DriveBackup.of(b -> b.jobId("bk").device("disk0").target("/x.qcow2").sync(MirrorSyncMode.FULL));
    }

    private long requests(String command) {
        return server.received().stream().filter(r -> r.command().equals(command)).count();
    }

    @Test
    void aJobThatEndedBeforeTheCommandsReplyStillEnds() {
        // QEMU can send a job's events before the reply to the command that started it.
        server.on("drive-backup", Reply.ok()
                .precededBy("JOB_STATUS_CHANGE", "{\"status\": \"created\", \"id\": \"bk\"}")
                .precededBy("BLOCK_JOB_COMPLETED", "{\"device\": \"bk\", \"type\": \"backup\", \"len\": 100, \"offset\": 100, \"speed\": 0}"));
        server.on("query-block-jobs", Reply.ok("[]"));

        List<BlockJobProgress> seen = jobs(options()).backup(backup()).collectList().block(T);

        assertEquals(List.of(new BlockJobProgress("bk", "backup", BlockJobPhase.COMPLETED, 100, 100, 0)), seen);
    }

    @Test
    void aJobGoneWithoutAnyEventIsLostNotWaitedForForever() {
        server.on("drive-backup", Reply.ok());
        server.on("query-block-jobs", Reply.ok("[]"));

        QmpJobLostException lost = assertThrows(QmpJobLostException.class, () -> jobs(options()).backup(backup()).blockLast(T));

        assertEquals("bk", lost.jobId());
        assertTrue(lost.getMessage().contains("backup job 'bk' is no longer listed by query-block-jobs"), lost.getMessage());
        assertTrue(requests("query-block-jobs") >= 2, "asked again after lostAfter before giving up");
    }

    @Test
    void droppedEventsMakeItAskQemuAndFindTheConcludedJob() throws Exception {
        server.on("drive-mirror", Reply.ok());
        String running = RUNNING_211.replace("\"bk\"", "\"m\"").replace("backup", "mirror");
        AtomicReference<String> jobs = new AtomicReference<>(running);
        server.on("query-block-jobs", request -> Reply.ok(jobs.get()));
        QmpJobs qmpJobs = jobs(options().eventBufferSize(8).eventOverflowPolicy(OverflowPolicy.DROP_LATEST));
        CountDownLatch release = new CountDownLatch(1);
        List<BlockJobProgress> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);

        // Blocking in onNext of READY holds the stream's event delivery: the events behind it overflow its buffer.
        qmpJobs.mirror(DriveMirror.of(b -> b.jobId("m").device("disk0").target("/y.qcow2").sync(MirrorSyncMode.FULL)))
                .subscribe(p -> {
                    seen.add(p);
                    if (p.isReady()) {
                        await(release);
                    }
                }, e -> {
                    error.set(e);
                    ended.countDown();
                }, ended::countDown);
        QemuBlockJobsIT.awaitTrue(() -> !seen.isEmpty(), "the first query's progress");
        server.sendEvent("BLOCK_JOB_READY", "{\"device\": \"m\", \"type\": \"mirror\", \"len\": 100, \"offset\": 100, \"speed\": 0}");
        QemuBlockJobsIT.awaitTrue(() -> seen.stream().anyMatch(BlockJobProgress::isReady), "READY delivered");
        long queriesBefore = requests("query-block-jobs");
        server.floodEvents(50, "VNC_CONNECTED");
        server.sendEvent("BLOCK_JOB_COMPLETED", "{\"device\": \"m\", \"type\": \"mirror\", \"len\": 100, \"offset\": 100, \"speed\": 0}");
        // QEMU 7.2 keeps a job started with auto-dismiss=false: the query finds it concluded.
        jobs.set("[{\"device\": \"m\", \"type\": \"mirror\", \"len\": 100, \"offset\": 100, \"busy\": false, \"paused\": false,"
                + " \"speed\": 0, \"io-status\": \"ok\", \"ready\": true, \"status\": \"concluded\", \"auto-dismiss\": false}]");
        QemuBlockJobsIT.awaitTrue(() -> qmp.stats().eventsReceived() >= 52 && qmp.stats().droppedEvents() > 0,
                "the completion was dropped: " + qmp.stats());
        release.countDown();

        assertTrue(ended.await(10, TimeUnit.SECONDS), "the stream ended: " + seen);
        assertEquals(null, error.get());
        assertEquals(BlockJobPhase.COMPLETED, seen.get(seen.size() - 1).phase(), seen.toString());
        assertTrue(requests("query-block-jobs") > queriesBefore, "the drop made it ask (no polling in this test)");
        QmpRequest dismiss = server.awaitRequest("job-dismiss", T);
        assertEquals("m", dismiss.arguments().path("id").asText());
    }

    @Test
    void aReconnectionMidJobAsksQemuAgainOnTheNewConnection() {
        server.on("blockdev-backup", Reply.ok());
        AtomicReference<String> jobs = new AtomicReference<>(RUNNING_211);
        server.on("query-block-jobs", request -> Reply.ok(jobs.get()));
        QmpFleet fleet = QmpFleet.create();
        try {
            fleet.add("vm1", options().build(), ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofMillis(100), 100)).block(T);
            QmpJobs qmpJobs = QmpJobs.on(fleet.vm("vm1")).pollInterval(Duration.ZERO);
            List<BlockJobProgress> seen = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> error = new AtomicReference<>();
            qmpJobs.backup(BlockdevBackup.of(b -> b.jobId("bk").device("disk0").target("t0").sync(MirrorSyncMode.FULL)))
                    .subscribe(seen::add, error::set);
            QemuBlockJobsIT.awaitTrue(() -> !seen.isEmpty(), "running");

            // The job fails while the monitor connection is down: its events are lost with the connection.
            jobs.set("[{\"device\": \"bk\", \"type\": \"backup\", \"len\": 100, \"offset\": 60, \"busy\": false, \"paused\": false,"
                    + " \"speed\": 0, \"io-status\": \"failed\", \"ready\": false, \"status\": \"concluded\", \"auto-dismiss\": false,"
                    + " \"error\": \"Input/output error\"}]");
            server.dropConnections();

            QemuBlockJobsIT.awaitTrue(() -> error.get() != null, "the stream ended after the reconnection: " + seen);
            QmpJobFailedException failed = assertInstanceOf(QmpJobFailedException.class, error.get());
            assertEquals("Input/output error", failed.qemuMessage());
            assertTrue(server.connections().size() >= 1 && server.acceptedCount() >= 2, "reconnected");
            assertEquals("bk", server.awaitRequest("job-dismiss", T).arguments().path("id").asText());
            assertEquals(40, seen.get(0).offset());
        } finally {
            fleet.close().block(T);
        }
    }

    @Test
    void aServerThatSendsOnlyJobStatusChangeIsFollowedToTheEnd() {
        server.on("drive-backup", Reply.ok().precededBy("JOB_STATUS_CHANGE", "{\"status\": \"created\", \"id\": \"bk\"}")
                .precededBy("JOB_STATUS_CHANGE", "{\"status\": \"running\", \"id\": \"bk\"}"));
        server.on("query-block-jobs", Reply.ok(RUNNING_211.replace("\"ready\": false", "\"ready\": false, \"status\": \"running\"")));
        QmpJobs qmpJobs = jobs(options());
        Flux<BlockJobProgress> stream = qmpJobs.backup(backup()).cache();
        stream.subscribe();
        QemuBlockJobsIT.awaitTrue(() -> requests("query-block-jobs") >= 1, "started");
        server.on("query-block-jobs", Reply.ok("[]"));
        for (String status : List.of("waiting", "pending", "concluded", "null")) {
            server.sendEvent("JOB_STATUS_CHANGE", "{\"status\": \"" + status + "\", \"id\": \"bk\"}");
        }

        List<BlockJobProgress> seen = stream.collectList().block(T);

        assertEquals(BlockJobPhase.COMPLETED, seen.get(seen.size() - 1).phase(), seen.toString());
        assertFalse(seen.stream().anyMatch(p -> p.phase() == BlockJobPhase.PENDING), "auto-finalize: pending passes: " + seen);
    }

    @Test
    void aJobStatusChangeOnlyJobThatAbortedFails() {
        server.on("drive-backup", Reply.ok());
        server.on("query-block-jobs", Reply.ok("[]"));
        QmpJobs qmpJobs = jobs(options()).lostAfter(Duration.ofSeconds(30));
        Flux<BlockJobProgress> stream = qmpJobs.backup(backup()).cache();
        stream.subscribe(p -> { }, e -> { });
        QemuBlockJobsIT.awaitTrue(() -> requests("drive-backup") == 1, "started");
        for (String status : List.of("running", "aborting", "concluded", "null")) {
            server.sendEvent("JOB_STATUS_CHANGE", "{\"status\": \"" + status + "\", \"id\": \"bk\"}");
        }

        QmpJobFailedException failed = assertThrows(QmpJobFailedException.class, () -> stream.blockLast(T));
        assertTrue(failed.qemuMessage().contains("aborted"), failed.getMessage());
    }

    @Test
    void aJobIdInUseIsTypedAndTheOtherJobsEventsAreNotAdopted() {
        server.on("drive-backup", Reply.error("GenericError", "Job ID 'bk' already in use")
                .precededBy("BLOCK_JOB_COMPLETED", "{\"device\": \"bk\", \"type\": \"backup\", \"len\": 1, \"offset\": 1, \"speed\": 0}"));

        QmpJobIdInUseException inUse = assertThrows(QmpJobIdInUseException.class, () -> jobs(options()).backup(backup()).blockLast(T));

        assertEquals("bk", inUse.jobId());
        assertTrue(inUse.getMessage().startsWith("cannot start backup job 'bk': the job id 'bk' is already in use"), inUse.getMessage());
        assertEquals(0, requests("block-job-cancel"), "nothing of ours to cancel");
    }

    @Test
    void aMigrationTargetThatRefusesEndsInQemusError() {
        server.on("migrate-set-capabilities", Reply.ok());
        server.on("migrate", Reply.ok().precededBy("MIGRATION", "{\"status\": \"setup\"}")
                .precededBy("MIGRATION", "{\"status\": \"failed\"}"));
        server.on("query-migrate", Reply.ok("{\"status\": \"failed\", \"error-desc\": \"Failed to connect to '/run/dst.sock':"
                + " Connection refused\"}"));

        QmpJobFailedException failed = assertThrows(QmpJobFailedException.class,
                () -> jobs(options()).migrate(MigrateArguments.of(b -> b.uri("unix:/run/dst.sock"))).blockLast(T));

        assertEquals("Failed to connect to '/run/dst.sock': Connection refused", failed.qemuMessage());
        assertEquals("migration failed: Failed to connect to '/run/dst.sock': Connection refused", failed.getMessage());
        QmpRequest capabilities = server.awaitRequest("migrate-set-capabilities", T);
        assertEquals("events", capabilities.arguments().path("capabilities").path(0).path("capability").asText());
    }

    @Test
    void aMigrationCommandRefusedByQemuIsTheFailure() {
        server.on("migrate-set-capabilities", Reply.ok());
        server.on("migrate", Reply.error("GenericError", "Failed to connect socket: Connection refused"));

        QmpJobFailedException failed = assertThrows(QmpJobFailedException.class,
                () -> jobs(options()).migrate(MigrateArguments.of(b -> b.uri("tcp:127.0.0.1:1"))).blockLast(T));

        assertEquals("Failed to connect socket: Connection refused (migrate)", failed.qemuMessage());
    }

    @Test
    void theConnectionEndingMidJobEndsTheStream() {
        server.on("drive-backup", Reply.ok());
        server.on("query-block-jobs", Reply.ok(RUNNING_211));
        QmpJobs qmpJobs = jobs(options());
        Flux<BlockJobProgress> stream = qmpJobs.backup(backup()).cache();
        stream.subscribe(p -> { }, e -> { });
        QemuBlockJobsIT.awaitTrue(() -> requests("query-block-jobs") >= 1, "running");
        server.dropConnections();

        QmpConnectionException ended = assertThrows(QmpConnectionException.class, () -> stream.blockLast(T));
        assertTrue(ended.getMessage().contains("while backup job 'bk' ran; its outcome is unknown"), ended.getMessage());
    }

    @Test
    void disposingBeforeTheReplyStillCancelsTheJobQemuStarted() {
        server.on("drive-backup", Reply.ok().after(Duration.ofMillis(300)));
        server.on("query-block-jobs", Reply.ok(RUNNING_211));
        server.on("block-job-cancel", Reply.ok());
        jobs(options()).backup(backup()).subscribe().dispose();

        QmpRequest cancel = server.awaitRequest("block-job-cancel", T);
        assertEquals("bk", cancel.arguments().path("device").asText());
        assertTrue(cancel.arguments().path("force").asBoolean());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <X> X assertInstanceOf(Class<X> type, Throwable actual) {
        return org.junit.jupiter.api.Assertions.assertInstanceOf(type, actual, () -> String.valueOf(actual));
    }
}
