package dev.qmpsdk.core;

/**
 * A block job could not start because its id is taken by another job (one still running, or one that concluded with
 * {@code auto-dismiss=false} and waits for {@code job-dismiss}). Nothing was started; the other job is untouched.
 *
 * <pre>{@code
 * catch (QmpJobIdInUseException e) { qmp.executeRaw("job-dismiss", idObject(e.jobId())); }   // if it is a concluded leftover
 * }</pre>
 */
public class QmpJobIdInUseException extends QmpJobException {
    private static final long serialVersionUID = 1L;

    public QmpJobIdInUseException(String kind, String jobId, QmpCommandException cause) {
        super(kind, jobId, "cannot start " + subject(kind, jobId) + ": the job id '" + jobId + "' is already in use by"
                + " another job (query-block-jobs or query-jobs lists it; dismiss or cancel it, or choose another job-id): "
                + cause.description(), cause);
    }
}
