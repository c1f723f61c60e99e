package dev.qmpsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * A block job or a migration did not end well: it could not start, QEMU reported it failed, or its outcome was lost.
 * Names the job ({@link #jobId()}: the block job's id, or {@code "migration"}) and what kind of job it was.
 *
 * <pre>{@code
 * QmpJobs.on(qmp).backup(args).doOnError(QmpJobException.class, e -> log.warn("{} {}: {}", e.kind(), e.jobId(), e.getMessage()));
 * }</pre>
 */
public class QmpJobException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final String kind;

    public QmpJobException(String kind, String jobId, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.jobId = jobId;
    }

    /** How messages name a job: {@code backup job 'bk0'}, or just {@code migration}. */
    public static String subject(String kind, String jobId) {
        return kind.equals(jobId) ? kind : kind + " job '" + jobId + "'";
    }

    /** The job's id ({@code job-id}, or the device when none was given); {@code "migration"} for a migration. */
    public String jobId() {
        return jobId;
    }

    /** What kind of job it was: {@code backup}, {@code mirror}, {@code stream}, {@code commit}, {@code migration}... */
    public String kind() {
        return kind;
    }
}
