package dev.qmpsdk.reactive.jobs;

import dev.qmpsdk.core.qapi.migration.MigrationStatus;

/**
 * One observation of a migration (outgoing or incoming): what {@link QmpJobs#migrate} and its incoming counterparts
 * emit whenever the status, the pass or the amount sent changes. A stream that ends normally ends with status
 * {@code completed} or {@code cancelled}; a failed migration ends it with {@link dev.qmpsdk.core.QmpJobFailedException}
 * carrying QEMU's {@code error-desc}.
 *
 * <pre>{@code
 * jobs.migrate(MigrateArguments.of(b -> b.uri("unix:/run/dst.migrate")))
 *     .subscribe(p -> log.info("{}: {} of {} bytes, pass {}", p.status(), p.transferredBytes(), p.totalBytes(), p.pass()));
 * }</pre>
 *
 * @param status QEMU's migration status (an open enum: values newer than the 2.11.2 model keep their wire names)
 * @param transferredBytes RAM bytes sent (received, on the incoming side: QEMU reports little there, often 0)
 * @param remainingBytes RAM bytes still to send
 * @param totalBytes RAM bytes in all
 * @param pass the dirty-memory pass ({@code MIGRATION_PASS}, or the {@code dirty-sync-count}); 0 before the first
 */
public record MigrationProgress(MigrationStatus status, long transferredBytes, long remainingBytes, long totalBytes, long pass) {

    /** True for the statuses that end a migration: {@code completed}, {@code failed}, {@code cancelled}. */
    public boolean isTerminal() {
        return isTerminal(status);
    }

    static boolean isTerminal(MigrationStatus status) {
        return status.equals(MigrationStatus.COMPLETED) || status.equals(MigrationStatus.FAILED)
                || status.equals(MigrationStatus.CANCELLED);
    }
}
