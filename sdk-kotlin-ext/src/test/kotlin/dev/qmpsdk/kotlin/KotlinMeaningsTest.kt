package dev.qmpsdk.kotlin

import dev.qmpsdk.core.QmpCommandException
import dev.qmpsdk.core.qapi.QmpCommands
import dev.qmpsdk.core.qapi.runstate.StatusInfo
import dev.qmpsdk.reactive.ConnectionState
import dev.qmpsdk.reactive.ReconnectPolicy
import dev.qmpsdk.testkit.FakeQmpServer
import dev.qmpsdk.testkit.Reply
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Kotlin means what Java means: raw execution, non-null results, close, reconnection, failures that show the caller. */
class KotlinMeaningsTest {
    private val server = FakeQmpServer.startUnix()
        .on("query-status", Reply.ok("""{"status": "running", "singlestep": false, "running": true}"""))

    @AfterEach
    fun close() = server.close()

    private suspend fun connect() = real { qmpClient { unixSocket(server.socketPath()); commandTimeout = 5.seconds } }

    @Test
    fun alwaysSendIdsReachesTheOptionsAndEveryCommandThenCarriesAnId() = runTest {
        val spec = QmpClientSpec().apply { unixSocket(server.socketPath()); alwaysSendIds = true }
        assertTrue(spec.options().alwaysSendIds())
        val qmp = real { qmpClient { unixSocket(server.socketPath()); alwaysSendIds = true } }
        qmp.queryStatus()
        qmp.close()
        val sent = server.received().filter { it.command() == "query-status" }
        assertEquals(listOf("0"), sent.map { it.id().toString() }, "a command alone carries the lowest id: $sent")
    }

    /** A suspend function of "user code" with work after the call, so it has a frame of its own while it waits. */
    private suspend fun callerOfQueryStatus(qmp: QmpCoroutineClient): StatusInfo {
        val status = qmp.queryStatus()
        check(status.running())
        return status
    }

    private suspend fun callerOfExecuteRaw(qmp: QmpCoroutineClient): String {
        val answer = qmp.executeRaw("x-missing")
        return answer.toString()
    }

    @Test
    fun aFailedCommandsStackTraceShowsTheSuspendedCaller() = runTest {
        server.on("query-status", Reply.error("GenericError", "monitor is busy"))
            .on("x-missing", Reply.error("CommandNotFound", "The command x-missing has not been found"))
        val qmp = connect()
        real {
            val generated = assertThrows<QmpCommandException> { callerOfQueryStatus(qmp) }
            val frames = generated.stackTrace.toList()
            val boundary = frames.indexOfFirst { it.className == CALLER_BOUNDARY_CLASS }
            assertTrue(boundary > 0, "no caller boundary frame in\n" + frames.joinToString("\n"))
            assertTrue(frames.drop(boundary).any { it.className == KotlinMeaningsTest::class.java.name && it.methodName == "callerOfQueryStatus" },
                frames.joinToString("\n"))
            val raw = assertThrows<QmpCommandException> { callerOfExecuteRaw(qmp) }
            assertTrue(raw.stackTrace.any { it.methodName == "callerOfExecuteRaw" }, raw.stackTrace.joinToString("\n"))
            // Still the Java API's exception: class, message and what it knows.
            assertEquals("CommandNotFound", raw.errorClass())
            qmp.close()
        }
    }

    data class Balloon(val actual: Long)

    @Test
    fun executeRawAsIgnoresMembersTheUsersClassDoesNotHave() = runTest {
        server.on("query-balloon", Reply.ok("""{"actual": 1073741824, "member-of-a-newer-qemu": {"x": 1}}"""))
        val qmp = connect()
        real {
            assertEquals(Balloon(1073741824), qmp.executeRawAs<Balloon>("query-balloon"))
            // executeRaw is Java's executeRaw: the tree, as sent.
            assertEquals(2, qmp.executeRaw("query-balloon").size())
            qmp.close()
        }
    }

    @Test
    fun executeByDescriptorReturnsANonNullValueOrNothing() = runTest {
        server.on("stop", Reply.ok())
        val qmp = connect()
        real {
            val status: StatusInfo = qmp.execute(QmpCommands.QUERY_STATUS, null)   // R, not R?
            assertTrue(status.running())
            qmp.execute(QmpCommands.STOP, null)
            qmp.close()
        }
        assertEquals("stop", server.awaitRequest("stop", JavaDuration.ofSeconds(5)).command())
    }

    @Test
    fun reconnectionIsAFleetSettingOnly() {
        val spec = QmpClientSpec::class.java.methods.map { it.name }
        assertFalse("setReconnect" in spec, "qmpClient { } has no reconnect: a single client's end is final")
        assertTrue("setReconnect" in QmpVmSpec::class.java.methods.map { it.name })
    }

    @Test
    fun aFleetVmDeclaredWithReconnectReconnects() = runTest {
        val fleet = real {
            qmpFleet {
                vm("vm-1") {
                    unixSocket(server.socketPath())
                    reconnect = ReconnectPolicy.backoff(JavaDuration.ofMillis(10), JavaDuration.ofMillis(50), 100)
                }
            }
        }
        fleet.use {
            val vm = fleet["vm-1"]!!
            real {
                server.dropConnections()
                // The VM's client follows it across the reconnection: the same object, READY on a new connection.
                eventually(what = "vm-1 connected again") { server.acceptedCount() == 2 && vm.state == ConnectionState.READY }
                vm.queryStatus()
            }
            assertEquals(2, server.acceptedCount())
        }
        assertTrue(fleet.vmIds.isEmpty(), "use { } closed the fleet")
    }

    @Test
    fun fleetCloseSuspendsUntilEveryConnectionIsClosed() = runTest {
        val fleet = real { qmpFleet { vm("vm-1") { unixSocket(server.socketPath()) } } }
        val client = fleet["vm-1"]!!
        real(timeout = 5.seconds) { fleet.close() }
        assertEquals(ConnectionState.CLOSED, client.state)
        real { eventually(timeout = 500.milliseconds, what = "the server saw the close") { server.connectionCount() == 0 } }
    }
}
