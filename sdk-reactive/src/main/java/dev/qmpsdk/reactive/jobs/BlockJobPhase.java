package dev.qmpsdk.reactive.jobs;

/** Where a block job is, as {@link BlockJobProgress#phase()} says. The last two end the stream. */
public enum BlockJobPhase {
    /** Copying (or started and not yet reported otherwise). */
    RUNNING,
    /**
     * A mirror (or commit of the active layer) has copied everything and keeps the target in sync: complete it with
     * {@link QmpJobs#complete(String)} (pivot to the target) or cancel it.
     */
    READY,
    /** Paused: by {@code block-job-pause}, or stopped on an I/O error whose policy is {@code stop}. */
    PAUSED,
    /** QEMU 3.0+ job started with {@code auto-finalize=false}: it waits for {@code job-finalize}. */
    PENDING,
    /** Ended successfully; the last value of the stream. */
    COMPLETED,
    /** Ended by a cancellation before it finished; the last value of the stream. */
    CANCELLED;

    /** True for {@link #COMPLETED} and {@link #CANCELLED}. */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
