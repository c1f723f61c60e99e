package dev.qmpsdk.reactive.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpJobException;
import dev.qmpsdk.core.QmpJobFailedException;
import dev.qmpsdk.core.QmpJobIdInUseException;
import dev.qmpsdk.core.QmpJobLostException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.blockcore.BlockJobCancelArguments;
import dev.qmpsdk.reactive.QmpConnection;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One run of a block job. Understands the 2.11 events ({@code BLOCK_JOB_COMPLETED}, {@code _CANCELLED},
 * {@code _ERROR}, {@code _READY}, keyed by {@code device}, which has carried the job id since QEMU 2.7) and the
 * 3.0+ {@code JOB_STATUS_CHANGE} (keyed by {@code id}, a raw event for the 2.11.2 model), and reads
 * {@code query-block-jobs} as JSON so that 7.2's {@code status}, {@code error} and {@code auto-dismiss} are seen.
 *
 * <p>The outcome comes from, in this order of preference: the terminal {@code BLOCK_JOB_*} event; a concluded entry
 * in {@code query-block-jobs} (a job with {@code auto-dismiss=false}, kept by QEMU until {@code job-dismiss}, with its
 * {@code error}); the {@code JOB_STATUS_CHANGE} path (a job that concluded without passing through {@code aborting}
 * succeeded). A job this run saw conclude with {@code auto-dismiss=false} is dismissed before the stream ends, so its
 * id is free again. A job that is gone with none of these is lost ({@link QmpJobLostException}) after
 * {@link QmpJobs#lostAfter()}: its terminal event may still be on its way through the subscriber's buffer.
 */
final class BlockJobRun extends JobRun<BlockJobProgress> {
    private static final Set<String> EVENTS = Set.of("BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED", "BLOCK_JOB_ERROR",
            "BLOCK_JOB_READY", "JOB_STATUS_CHANGE");
    /** What QEMU reports as the error of a cancelled job ({@code strerror(ECANCELED)}). */
    private static final String CANCELED = "Operation canceled";

    private final String kind;
    private final String jobId;
    private final Mono<?> command;
    private String type;
    private BlockJobPhase phase = BlockJobPhase.RUNNING;
    private long offset;
    private long length;
    private long speed;
    private boolean autoDismiss;
    private boolean autoFinalize;
    private boolean sawAborting;
    private boolean sawConcluded;
    private long missingSince = -1;

    BlockJobRun(QmpConnection connection, QmpJobs settings, String kind, String jobId, boolean autoDismiss, boolean autoFinalize,
                Mono<?> command) {
        super(connection, settings);
        this.kind = kind;
        this.type = kind;
        this.jobId = jobId;
        this.autoDismiss = autoDismiss;
        this.autoFinalize = autoFinalize;
        this.command = command;
    }

    @Override
    String subject() {
        return QmpJobException.subject(kind, jobId);
    }

    @Override
    Mono<?> startCommand() {
        return command;
    }

    @Override
    Throwable startFailed(Throwable error) {
        if (error instanceof QmpCommandException refused) {
            String said = refused.description();
            if (said.contains("'" + jobId + "'") && said.contains("already in use")) {
                return new QmpJobIdInUseException(kind, jobId, refused);
            }
            return new QmpJobFailedException(kind, jobId, said, refused);
        }
        return error;
    }

    @Override
    boolean concerns(String event, JsonNode data) {
        return EVENTS.contains(event)
                && jobId.equals(JobJson.text(data, event.equals("JOB_STATUS_CHANGE") ? "id" : "device"));
    }

    @Override
    void apply(String event, JsonNode data) {
        switch (event) {
            case "BLOCK_JOB_COMPLETED" -> {
                counters(data);
                String error = JobJson.text(data, "error");
                if (error == null) {
                    end(BlockJobPhase.COMPLETED);
                } else {
                    failed(error);
                }
            }
            case "BLOCK_JOB_CANCELLED" -> {
                counters(data);
                end(BlockJobPhase.CANCELLED);
            }
            case "BLOCK_JOB_READY" -> {
                counters(data);
                show(BlockJobPhase.READY);
            }
            case "BLOCK_JOB_ERROR" -> {
                if ("stop".equals(JobJson.text(data, "action"))) {
                    show(BlockJobPhase.PAUSED);
                }
            }
            case "JOB_STATUS_CHANGE" -> status(String.valueOf(JobJson.text(data, "status")));
            default -> { }
        }
    }

    /** A 3.0+ job status, from {@code JOB_STATUS_CHANGE} or {@code query-block-jobs}. */
    private void status(String status) {
        switch (status) {
            case "running" -> show(phase == BlockJobPhase.READY ? BlockJobPhase.READY : BlockJobPhase.RUNNING);
            case "ready" -> show(BlockJobPhase.READY);
            case "paused", "standby" -> show(BlockJobPhase.PAUSED);
            case "pending" -> {
                // Every 3.0+ job passes through 'pending'; only one started with auto-finalize=false waits there.
                if (!autoFinalize) {
                    show(BlockJobPhase.PENDING);
                }
            }
            case "aborting" -> sawAborting = true;
            // The outcome is in the BLOCK_JOB_* event QEMU sent just before, or in query-block-jobs while the job is
            // kept; a server that sends only JOB_STATUS_CHANGE needs the query.
            case "concluded" -> {
                sawConcluded = true;
                reconcile();
            }
            case "null" -> reconcile();
            default -> { }
        }
    }

    @Override
    Mono<JsonNode> snapshot() {
        return connection.executeRaw("query-block-jobs", null);
    }

    @Override
    void applySnapshot(JsonNode answer) {
        JsonNode job = null;
        for (JsonNode entry : answer) {
            if (jobId.equals(JobJson.text(entry, "device"))) {
                job = entry;
            }
        }
        if (job == null) {
            missing();
            return;
        }
        missingSince = -1;
        counters(job);
        JsonNode keep = job.get("auto-dismiss");
        if (keep != null) {
            autoDismiss = keep.asBoolean(true);
        }
        JsonNode finalize = job.get("auto-finalize");
        if (finalize != null) {
            autoFinalize = finalize.asBoolean(true);
        }
        String status = JobJson.text(job, "status");
        if ("concluded".equals(status)) {
            autoDismiss = false;   // QEMU keeps a concluded job only when it must not dismiss it itself
            String error = JobJson.text(job, "error");
            if (error == null) {
                end(BlockJobPhase.COMPLETED);
            } else if (error.equals(CANCELED)) {
                end(BlockJobPhase.CANCELLED);
            } else {
                failed(error);
            }
        } else if (status != null) {
            status(status);
            show(phase);
        } else {
            // QEMU 2.11 has no status: read its flags.
            show(job.path("paused").asBoolean() ? BlockJobPhase.PAUSED
                    : job.path("ready").asBoolean() ? BlockJobPhase.READY : BlockJobPhase.RUNNING);
        }
    }

    /** The job is not listed: concluded and dismissed, or gone while this run could not see its end. */
    private void missing() {
        if (sawConcluded) {
            // Only JOB_STATUS_CHANGE told the end: QEMU's state machine passes through 'aborting' unless it succeeded.
            if (sawAborting) {
                failed("the job was aborted (QEMU dismissed it before its error message could be read)");
            } else {
                end(BlockJobPhase.COMPLETED);
            }
            return;
        }
        long now = System.nanoTime();
        if (missingSince < 0) {
            missingSince = now;
            reconcileAfter(settings.lostAfter());
        } else if (now - missingSince >= settings.lostAfter().toNanos()) {
            fail(new QmpJobLostException(kind, jobId, subject() + " is no longer listed by query-block-jobs, and no event"
                    + " said how it ended within " + settings.lostAfter() + " (events were dropped, or it ended while the"
                    + " connection was down); its outcome is unknown", null), Mono.empty());
        }
    }

    private void counters(JsonNode data) {
        offset = JobJson.number(data, "offset");
        length = JobJson.number(data, "len");
        speed = JobJson.number(data, "speed");
        String reported = JobJson.text(data, "type");
        if (reported != null) {
            type = reported;
        }
    }

    private BlockJobProgress progress(BlockJobPhase at) {
        return new BlockJobProgress(jobId, type, at, offset, length, speed);
    }

    private void show(BlockJobPhase at) {
        phase = at;
        emit(progress(at));
    }

    private void end(BlockJobPhase at) {
        succeed(progress(at), dismissal());
    }

    private void failed(String qemuMessage) {
        fail(new QmpJobFailedException(kind, jobId, qemuMessage, null), dismissal());
    }

    /** {@code job-dismiss} for a concluded job QEMU keeps; nothing otherwise. */
    private Mono<?> dismissal() {
        return autoDismiss ? Mono.empty() : connection.executeRaw("job-dismiss", JobJson.object("id", jobId));
    }

    @Override
    Mono<?> abandon() {
        Mono<Void> cancel = connection.execute(QmpCommands.BLOCK_JOB_CANCEL,
                BlockJobCancelArguments.of(b -> b.device(jobId).force(true)));
        return autoDismiss ? cancel : cancel.then(dismissWhenConcluded());
    }

    /** After a cancellation nobody watches: waits (a few seconds at most) for the job to conclude, and dismisses it. */
    private Mono<?> dismissWhenConcluded() {
        return snapshot().flatMap(answer -> {
            for (JsonNode entry : answer) {
                if (jobId.equals(JobJson.text(entry, "device"))) {
                    return "concluded".equals(JobJson.text(entry, "status")) ? dismissal()
                            : Mono.error(new IllegalStateException(subject() + " has not concluded yet"));
                }
            }
            return Mono.empty();
        }).retryWhen(Retry.from(attempts -> attempts.take(100).concatMap(attempt -> delay(Duration.ofMillis(50)))));
    }

    @Override
    Throwable connectionEnded(String how, @Nullable Throwable cause) {
        return connectionException(subject(), how, cause);
    }
}
