package dev.qmpsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * QEMU reported that a job failed, or refused to start it: {@link #qemuMessage()} is QEMU's own words (the
 * {@code error} of {@code BLOCK_JOB_COMPLETED}, of {@code query-block-jobs}, the {@code error-desc} of
 * {@code query-migrate}, or the command's error).
 *
 * <pre>{@code
 * catch (QmpJobFailedException e) { log.error("backup {} failed: {}", e.jobId(), e.qemuMessage()); }   // "No space left on device"
 * }</pre>
 */
public class QmpJobFailedException extends QmpJobException {
    private static final long serialVersionUID = 1L;

    private final String qemuMessage;

    public QmpJobFailedException(String kind, String jobId, String qemuMessage, @Nullable Throwable cause) {
        super(kind, jobId, subject(kind, jobId) + " failed: " + qemuMessage, cause);
        this.qemuMessage = qemuMessage;
    }

    /** QEMU's message, as it sent it. */
    public String qemuMessage() {
        return qemuMessage;
    }
}
