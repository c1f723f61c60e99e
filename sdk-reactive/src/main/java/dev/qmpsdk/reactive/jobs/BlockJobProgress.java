package dev.qmpsdk.reactive.jobs;

/**
 * One observation of a block job: what {@link QmpJobs}'s block job streams emit, whenever the phase or the amount of
 * work done changes. The last value of a stream that ends normally has phase {@link BlockJobPhase#COMPLETED} or
 * {@link BlockJobPhase#CANCELLED}; a failed job ends the stream with {@link dev.qmpsdk.core.QmpJobFailedException}.
 *
 * <pre>{@code
 * jobs.backup(args).subscribe(p -> log.info("{} {} {}%", p.jobId(), p.phase(), Math.round(100 * p.fraction())));
 * }</pre>
 *
 * @param jobId the job's id
 * @param type the job type as QEMU names it ({@code backup}, {@code mirror}, {@code stream}, {@code commit}); the
 *     command's kind until QEMU first said
 * @param phase where the job is
 * @param offset work done, in QEMU's units (bytes for the 2.11 jobs; QEMU says the unit is arbitrary)
 * @param length total work, in the same units; may grow while the job runs
 * @param speed the rate limit, bytes per second; 0 for none
 */
public record BlockJobProgress(String jobId, String type, BlockJobPhase phase, long offset, long length, long speed) {

    /** The fraction of work done, 0 to 1 (0 while the length is unknown). */
    public double fraction() {
        return length <= 0 ? 0 : Math.min(1.0, (double) offset / length);
    }

    /** True once a mirror can be completed. */
    public boolean isReady() {
        return phase == BlockJobPhase.READY;
    }
}
