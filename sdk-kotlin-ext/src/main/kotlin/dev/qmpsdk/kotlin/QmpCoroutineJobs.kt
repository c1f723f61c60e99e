package dev.qmpsdk.kotlin

import com.fasterxml.jackson.databind.node.ObjectNode
import dev.qmpsdk.core.qapi.blockcore.BlockCommitArguments
import dev.qmpsdk.core.qapi.blockcore.BlockStreamArguments
import dev.qmpsdk.core.qapi.blockcore.BlockdevBackup
import dev.qmpsdk.core.qapi.blockcore.BlockdevMirrorArguments
import dev.qmpsdk.core.qapi.blockcore.DriveBackup
import dev.qmpsdk.core.qapi.blockcore.DriveMirror
import dev.qmpsdk.core.qapi.migration.MigrateArguments
import dev.qmpsdk.reactive.jobs.BlockJobProgress
import dev.qmpsdk.reactive.jobs.MigrationProgress
import dev.qmpsdk.reactive.jobs.QmpJobs
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactive.awaitFirstOrNull
import kotlinx.coroutines.reactor.asFlux
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * [QmpJobs] for coroutines: block jobs and migrations as [Flow]s of typed progress that end in exactly one terminal
 * state (a last value saying completed or cancelled, or the Java API's exception: `QmpJobFailedException` with
 * QEMU's message...). Each collection starts the job once; cancelling the collecting coroutine before the end cancels
 * the job (`block-job-cancel`, `migrate_cancel`).
 *
 * ```
 * val jobs = qmp.jobs()
 * jobs.backup(DriveBackup.of { it.jobId("bk0").device("disk0").target("/backup/disk0.qcow2").sync(MirrorSyncMode.FULL) })
 *     .collect { println("${it.phase} ${(100 * it.fraction()).toInt()}%") }
 * jobs.completeWhenReady(jobs.mirror(mirrorArgs)).last()     // pivots once READY
 * ```
 */
public class QmpCoroutineJobs(public val reactive: QmpJobs) {
    public fun backup(arguments: DriveBackup): Flow<BlockJobProgress> = reactive.backup(arguments).asFlow()

    public fun backup(arguments: BlockdevBackup): Flow<BlockJobProgress> = reactive.backup(arguments).asFlow()

    public fun mirror(arguments: DriveMirror): Flow<BlockJobProgress> = reactive.mirror(arguments).asFlow()

    public fun mirror(arguments: BlockdevMirrorArguments): Flow<BlockJobProgress> = reactive.mirror(arguments).asFlow()

    public fun stream(arguments: BlockStreamArguments): Flow<BlockJobProgress> = reactive.stream(arguments).asFlow()

    public fun commit(arguments: BlockCommitArguments): Flow<BlockJobProgress> = reactive.commit(arguments).asFlow()

    /** Any block job command with hand-made arguments (`auto-dismiss`, `auto-finalize`...): see [QmpJobs.blockJob]. */
    public fun blockJob(command: String, arguments: ObjectNode): Flow<BlockJobProgress> =
        reactive.blockJob(command, arguments).asFlow()

    /** Passes [progress] through and sends `block-job-complete` once, when it first shows READY. */
    public fun completeWhenReady(progress: Flow<BlockJobProgress>): Flow<BlockJobProgress> =
        reactive.completeWhenReady(progress.asFlux()).asFlow()

    /** `block-job-complete`: pivots a READY mirror to its target. */
    public suspend fun complete(jobId: String) {
        reactive.complete(jobId).awaitFirstOrNull()
    }

    /** `block-job-cancel`. */
    public suspend fun cancel(jobId: String) {
        reactive.cancel(jobId).awaitFirstOrNull()
    }

    public fun migrate(arguments: MigrateArguments): Flow<MigrationProgress> = reactive.migrate(arguments).asFlow()

    /** `migrate_cancel`. */
    public suspend fun cancelMigration() {
        reactive.cancelMigration().awaitFirstOrNull()
    }

    /** The destination side on a QEMU started with `-incoming defer`: sends `migrate-incoming` and follows it. */
    public fun migrateIncoming(uri: String): Flow<MigrationProgress> = reactive.migrateIncoming(uri).asFlow()

    /** The destination side on a QEMU started with `-incoming URI`. */
    public fun watchIncoming(): Flow<MigrationProgress> = reactive.watchIncoming().asFlow()
}

/**
 * The jobs of this client, asking QEMU for progress every [pollInterval] ([QmpJobs.pollInterval]).
 * An extension rather than a member: members of [QmpCoroutineClient] share their names with the generated commands.
 */
public fun QmpCoroutineClient.jobs(pollInterval: Duration? = null): QmpCoroutineJobs {
    val jobs = QmpJobs.on(reactive)
    return QmpCoroutineJobs(if (pollInterval == null) jobs else jobs.pollInterval(pollInterval.toJavaDuration()))
}
