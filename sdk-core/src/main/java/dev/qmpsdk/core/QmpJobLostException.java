package dev.qmpsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * A job's outcome could not be learnt: it vanished from QEMU's job list without a terminal event reaching the client
 * (events dropped, or the monitor connection ended). The job did end; whether it succeeded is unknown, so the stream
 * ends in this error rather than wait forever or guess.
 *
 * <pre>{@code
 * catch (QmpJobLostException e) { verifyTargetImage(); }   // check the result by other means
 * }</pre>
 */
public class QmpJobLostException extends QmpJobException {
    private static final long serialVersionUID = 1L;

    public QmpJobLostException(String kind, String jobId, String message, @Nullable Throwable cause) {
        super(kind, jobId, message, cause);
    }
}
