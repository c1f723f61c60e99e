package dev.qmpsdk.kotlin

import dev.qmpsdk.core.QmpCommandException
import dev.qmpsdk.core.QmpMissingMemberException
import dev.qmpsdk.core.QmpTimeoutException
import dev.qmpsdk.core.QmpUnsupportedCommandException
import dev.qmpsdk.core.protocol.QmpEvent
import dev.qmpsdk.core.qapi.runstate.StatusInfo
import dev.qmpsdk.core.qapi.runstate.StopEvent
import dev.qmpsdk.core.qapi.runstate.ResumeEvent
import dev.qmpsdk.reactive.ConnectionState
import dev.qmpsdk.testkit.FakeQmpServer
import dev.qmpsdk.testkit.Reply
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class CoroutineClientFakeServerTest {
    private val server = FakeQmpServer.startUnix()
        .on("query-status", Reply.ok("""{"status": "running", "singlestep": false, "running": true}"""))

    @AfterEach
    fun close() = server.close()

    private suspend fun connect() = real { qmpClient { unixSocket(server.socketPath()); commandTimeout = 5.seconds } }

    @Test
    fun suspendCommandsReturnTheTypedValueOrUnit() = runTest {
        server.on("stop", Reply.ok())
        val qmp = connect()
        val status: StatusInfo = real { qmp.queryStatus() }
        assertTrue(status.running())
        val unit: Unit = real { qmp.stop() }
        assertEquals(Unit, unit)
        assertEquals("stop", server.awaitRequest("stop", JavaDuration.ofSeconds(5)).command())
        real { qmp.close() }
    }

    @Test
    fun aMemberANewerQemuNoLongerSendsIsVisiblyAbsent() = runTest {
        // QEMU 7.2's answer: 2.11.2 requires encryption_key_missing, 7.2 dropped it (issue 10).
        server.on("query-named-block-nodes", Reply.ok("""[{"file": "/d.qcow2", "node-name": "disk0", "ro": false,
            "drv": "qcow2", "backing_file_depth": 0, "encrypted": false, "detect_zeroes": "off", "bps": 0, "bps_rd": 0,
            "bps_wr": 0, "iops": 0, "iops_rd": 0, "iops_wr": 0, "write_threshold": 0,
            "image": {"filename": "/d.qcow2", "format": "qcow2", "virtual-size": 67108864, "dirty-flag": false},
            "cache": {"writeback": true, "direct": false, "no-flush": false}}]"""))
        val qmp = connect()
        val node = real { qmp.queryNamedBlockNodes() }.single()
        assertEquals("disk0", node.nodeName())
        assertEquals(false, node.hasEncryptionKeyMissing())
        val e = assertThrows<QmpMissingMemberException> { node.encryptionKeyMissing() }
        assertEquals("encryption_key_missing", e.memberName())
        real { qmp.close() }
    }

    @Test
    fun argumentDslsBuildTheJavaValues() = runTest {
        server.on("blockdev-add", Reply.ok()).on("query-blockstats", Reply.ok("[]"))
        val qmp = connect()
        real {
            qmp.blockdevAdd {
                file {
                    nodeName = "disk0"
                    readOnly = true
                    data { filename = "/var/lib/vm/disk0.img" }
                }
            }
            qmp.queryBlockstats { queryNodes = true }
        }
        val add = server.awaitRequest("blockdev-add", JavaDuration.ofSeconds(5)).arguments()!!
        assertEquals("file", add["driver"].asText())
        assertEquals("disk0", add["node-name"].asText())
        assertEquals("/var/lib/vm/disk0.img", add["filename"].asText())
        assertTrue(add["read-only"].asBoolean())
        assertTrue(server.awaitRequest("query-blockstats", JavaDuration.ofSeconds(5)).arguments()!!["query-nodes"].asBoolean())
        real { qmp.close() }
    }

    @Test
    fun aMissingRequiredMemberNamesTheMember() {
        val e = assertThrows<IllegalStateException> {
            dev.qmpsdk.kotlin.dsl.BlockdevOptionsDsl().apply { file { nodeName = "disk0" } }._build()
        }
        assertTrue(e.message!!.contains("'filename'"), e.message)
        val none = assertThrows<IllegalStateException> { dev.qmpsdk.kotlin.dsl.BlockdevOptionsDsl()._build() }
        assertTrue(none.message!!.contains("no branch chosen"), none.message)
    }

    @Test
    fun reifiedEventsAfterStop() = runTest {
        server.on("stop", Reply.ok().precededBy("STOP")).on("cont", Reply.ok().precededBy("RESUME"))
        val qmp = connect()
        real {
            val stop = async(start = CoroutineStart.UNDISPATCHED) { qmp.events<StopEvent>().first() }
            val all = async(start = CoroutineStart.UNDISPATCHED) { qmp.events().take(2).toList() }
            qmp.stop()
            qmp.cont()
            assertInstanceOf(StopEvent::class.java, stop.await())
            val events: List<QmpEvent> = all.await()
            assertInstanceOf(StopEvent::class.java, events[0])
            assertInstanceOf(ResumeEvent::class.java, events[1])
        }
        real { qmp.close() }
    }

    @Test
    fun cancellingTheCoroutineCancelsTheCommand() = runTest {
        server.on("query-status", Reply.never())
        val qmp = connect()
        real {
            val job = launch { qmp.queryStatus() }
            eventually(what = "the command is pending") { qmp.pendingCommands == 1 }
            job.cancelAndJoin()
            eventually(what = "the pending entry is removed") { qmp.pendingCommands == 0 }
        }
        real { qmp.close() }
    }

    @Test
    fun withTimeoutCancelsToo_andTheSdkTimeoutSurfaces() = runTest {
        server.on("query-status", Reply.never())
        val qmp = real { qmpClient { unixSocket(server.socketPath()); commandTimeout = 200.milliseconds } }
        real {
            assertThrows<QmpTimeoutException> { qmp.queryStatus() }
            assertThrows<kotlinx.coroutines.TimeoutCancellationException> { withTimeout(100.milliseconds) { qmp.queryStatus() } }
            eventually(what = "no command left pending") { qmp.pendingCommands == 0 }
            qmp.close()
        }
    }

    @Test
    fun cancellingQmpClientDuringTheHandshakeClosesTheConnection() = runTest {
        server.on("qmp_capabilities", Reply.never())
        real {
            val qmp = withTimeoutOrNull(300.milliseconds) { qmpClient { unixSocket(server.socketPath()) } }
            assertEquals(null, qmp)
            // nobody holds the half-connected client: the SDK closed it, and the monitor is free for the next one
            eventually(what = "the cancelled client's connection is closed") { server.connectionCount() == 0 }
        }
    }

    data class Balloon(val actual: Long, val extra: String? = null)

    @Test
    fun theServerSchemaAndTheCheckBeforeSending() = runTest {
        server.on("query-qmp-schema", Reply.ok("""[{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
            {"name": "0", "meta-type": "object", "members": []}]"""))
        val qmp = real { qmpClient { unixSocket(server.socketPath()); commandTimeout = 5.seconds; checkAgainstServer = true } }
        real {
            assertEquals(setOf("query-status"), qmp.serverSchema().commandNames())
            val e = assertThrows<QmpUnsupportedCommandException> { qmp.stop() }
            assertEquals("stop", e.command())
            qmp.close()
        }
        assertTrue(server.received().none { it.command() == "stop" }, "stop was not sent")
    }

    @Test
    fun aFleetWideCheckUnlessAVmSaysOtherwise() = runTest {
        val servers = (1..2).map {
            FakeQmpServer.startUnix().on("query-qmp-schema", Reply.ok("""[{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "0"},
                {"name": "0", "meta-type": "object", "members": []}]"""))
        }
        try {
            val fleet = real {
                qmpFleet {
                    checkAgainstServer = true
                    vm("checked") { unixSocket(servers[0].socketPath()) }
                    vm("exempt") { unixSocket(servers[1].socketPath()); checkAgainstServer = false }
                }
            }
            real {
                assertThrows<QmpUnsupportedCommandException> { fleet["checked"]!!.stop() }
                val e = assertThrows<QmpCommandException> { fleet["exempt"]!!.stop() }
                assertTrue(e.isCommandNotFound, e.message)
                fleet.close()
            }
            assertTrue(servers[0].received().none { it.command() == "stop" }, "the fleet's default kept stop from the first VM")
            assertTrue(servers[1].received().any { it.command() == "stop" }, "the second VM's own setting sent it")
        } finally {
            servers.forEach { it.close() }
        }
    }

    @Test
    fun executeRawDecodesIntoKotlinClasses() = runTest {
        server.on("query-balloon", Reply.ok("""{"actual": 1073741824}"""))
            .on("x-newer", Reply.error("CommandNotFound", "The command x-newer has not been found"))
        val qmp = connect()
        real {
            val b: Balloon = qmp.executeRawAs("query-balloon")
            assertEquals(Balloon(1073741824), b)
            val e = assertThrows<QmpCommandException> { qmp.executeRawAs<Map<String, Any>>("x-newer", mapOf("a" to 1)) }
            assertTrue(e.message!!.contains("x-newer"), e.message)
            qmp.close()
        }
        assertEquals(1, server.awaitRequest("x-newer", JavaDuration.ofSeconds(5)).arguments()!!["a"].asInt())
    }

    @Test
    fun aFleetOfFakesIsOneFlow() = runTest {
        val servers = (1..3).map { FakeQmpServer.startUnix() }
        try {
            val fleet = real {
                qmpFleet { servers.forEachIndexed { i, s -> vm("vm-$i") { unixSocket(s.socketPath()) } } }
            }
            real {
                // Events are hot and asFlow() subscribes on its own dispatcher, so keep sending until each VM's
                // STOP has been seen once (a fixed single send would race the subscription).
                val firstFromEach = mutableSetOf<String>()
                val got = async { fleet.events<StopEvent>().filter { firstFromEach.add(it.vmId()) }.take(3).toList() }
                while (!got.isCompleted) {
                    servers.forEach { it.sendEvent("STOP") }
                    delay(50.milliseconds)
                }
                assertEquals(setOf("vm-0", "vm-1", "vm-2"), got.await().map { it.vmId() }.toSet())
            }
            assertEquals(setOf("vm-0", "vm-1", "vm-2"), fleet.vmIds)
            val clients = fleet.vmIds.map { fleet[it]!! }
            real { fleet.close() }
            // Returned only once every connection is closed, not merely asked to close.
            assertEquals(listOf(ConnectionState.CLOSED, ConnectionState.CLOSED, ConnectionState.CLOSED), clients.map { it.reactive.state() })
            assertTrue(fleet.vmIds.isEmpty())
        } finally {
            servers.forEach { it.close() }
        }
    }
}
