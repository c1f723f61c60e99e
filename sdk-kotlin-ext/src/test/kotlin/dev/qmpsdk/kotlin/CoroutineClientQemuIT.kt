package dev.qmpsdk.kotlin

import dev.qmpsdk.core.qapi.runstate.RunState
import dev.qmpsdk.core.qapi.runstate.StopEvent
import dev.qmpsdk.core.qapi.runstate.ResumeEvent
import dev.qmpsdk.testkit.QemuProcess
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import kotlin.time.Duration.Companion.seconds

/** Against a real QEMU (7.2 here); fails, never skips, when QEMU is missing. */
class CoroutineClientQemuIT {
    @Test
    fun suspendCommandsAndStopEvent() = runTest {
        QemuProcess.builder().qmpUnixSocket().start().use { qemu ->
            val qmp = real { qmpClient { unixSocket(qemu.socketPath()); commandTimeout = 5.seconds } }
            real {
                assertEquals(RunState.RUNNING, qmp.queryStatus().status())
                val stop = async(start = CoroutineStart.UNDISPATCHED) { qmp.events<StopEvent>().first() }
                qmp.stop()
                stop.await()
                assertFalse(qmp.queryStatus().running())
                assertTrue(qmp.queryCommands().any { it.name() == "query-status" })
                val version = qmp.humanMonitorCommand { commandLine = "info version" }
                assertTrue(version.isNotBlank(), version)
                qmp.close()
            }
        }
    }

    @Test
    fun cancellingAnInFlightCommand() = runTest {
        QemuProcess.builder().qmpUnixSocket().start().use { qemu ->
            val qmp = real { qmpClient { unixSocket(qemu.socketPath()) } }
            real {
                qemu.pause() // SIGSTOP: the command stays in flight
                try {
                    val job = launch { qmp.queryStatus() }
                    eventually(what = "the command is pending") { qmp.pendingCommands == 1 }
                    job.cancelAndJoin()
                    eventually(what = "the pending entry is removed") { qmp.pendingCommands == 0 }
                } finally {
                    qemu.resume()
                }
                assertTrue(qmp.queryStatus().running())
                qmp.close()
            }
        }
    }

    @Test
    fun aFleetOfQemusCollectedAsOneFlow() = runTest {
        val qemus = (1..3).map { QemuProcess.builder().qmpUnixSocket().start() }
        try {
            val fleet = real(20.seconds) {
                qmpFleet { qemus.forEachIndexed { i, q -> vm("vm-$i") { unixSocket(q.socketPath()) } } }
            }
            real(20.seconds) {
                val events = async(start = CoroutineStart.UNDISPATCHED) {
                    fleet.events().filter { it.event() is StopEvent || it.event() is ResumeEvent }.take(6).toList()
                }
                for (id in fleet.vmIds.sorted()) {
                    val vm = fleet[id]!!
                    vm.stop()
                    vm.cont()
                }
                val got = events.await()
                assertEquals(setOf("vm-0", "vm-1", "vm-2"), got.map { it.vmId() }.toSet())
                assertEquals(3, got.count { it.event() is StopEvent })
            }
            fleet.close()
        } finally {
            qemus.forEach { it.close() }
        }
    }
}
