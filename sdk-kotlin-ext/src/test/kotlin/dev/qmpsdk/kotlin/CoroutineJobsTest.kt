package dev.qmpsdk.kotlin

import dev.qmpsdk.core.QmpJobFailedException
import dev.qmpsdk.core.qapi.blockcore.DriveBackup
import dev.qmpsdk.core.qapi.blockcore.MirrorSyncMode
import dev.qmpsdk.reactive.jobs.BlockJobPhase
import dev.qmpsdk.reactive.jobs.BlockJobProgress
import dev.qmpsdk.testkit.FakeQmpServer
import dev.qmpsdk.testkit.Reply
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Test
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class CoroutineJobsTest {
    private val server = FakeQmpServer.startUnix()
    private val running = """[{"device": "bk", "type": "backup", "len": 100, "offset": 40, "busy": true, "paused": false,
        "speed": 0, "io-status": "ok", "ready": false}]"""

    @AfterEach
    fun close() = server.close()

    private fun backup() = DriveBackup.of { it.jobId("bk").device("disk0").target("/x.qcow2").sync(MirrorSyncMode.FULL) }

    @Test
    fun aBackupFlowShowsProgressAndEndsCompleted() = runTest {
        server.on("drive-backup", Reply.ok())
        server.on("query-block-jobs", Reply.ok(running))
        val qmp = real { qmpClient { unixSocket(server.socketPath()); commandTimeout = 5.seconds } }
        val jobs = qmp.jobs(pollInterval = 50.milliseconds)
        val seen: List<BlockJobProgress> = real {
            coroutineScope {
                val all = async { jobs.backup(backup()).toList() }
                eventually(what = "polled") { server.received().count { it.command() == "query-block-jobs" } >= 1 }
                server.sendEvent("BLOCK_JOB_COMPLETED", """{"device": "bk", "type": "backup", "len": 100, "offset": 100, "speed": 0}""")
                all.await()
            }
        }
        assertEquals(BlockJobPhase.RUNNING, seen.first().phase())
        assertEquals(40L, seen.first().offset())
        assertEquals(BlockJobPhase.COMPLETED, seen.last().phase())
        real { qmp.close() }
    }

    @Test
    fun aFailedJobThrowsQemusMessage() = runTest {
        server.on("drive-backup", Reply.ok().precededBy("BLOCK_JOB_COMPLETED",
            """{"device": "bk", "type": "backup", "len": 100, "offset": 10, "speed": 0, "error": "Input/output error"}"""))
        server.on("query-block-jobs", Reply.ok("[]"))
        val qmp = real { qmpClient { unixSocket(server.socketPath()); commandTimeout = 5.seconds } }
        val error = runCatching { real { qmp.jobs().backup(backup()).first() } }.exceptionOrNull()
        val failed = assertInstanceOf(QmpJobFailedException::class.java, error)
        assertEquals("Input/output error", failed.qemuMessage())
        real { qmp.close() }
    }
}
