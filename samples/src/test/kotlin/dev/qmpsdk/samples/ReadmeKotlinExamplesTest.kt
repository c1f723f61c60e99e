package dev.qmpsdk.samples

import dev.qmpsdk.core.qapi.runstate.RunState
import dev.qmpsdk.testkit.Reply
import dev.qmpsdk.testkit.SimulatedVm
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.Duration
import kotlin.time.Duration.Companion.seconds

/** The README's Kotlin snippets against simulated VMs (ReadmeQemuIT: against real QEMU, twice). */
class ReadmeKotlinExamplesTest {
    @Test
    fun clientExampleRuns(): Unit = runBlocking(Dispatchers.Default) {
        SimulatedVm.start("readme-kt").use { vm ->
            vm.server().on("blockdev-add", Reply.ok()).on("blockdev-del", Reply.ok())
                .on("query-replay", Reply.ok("""{"mode": "none", "icount": 0}"""))
            val r = withTimeout(20.seconds) { ReadmeKotlinExamples.client(vm.socketPath()) }
            assertEquals(RunState.PAUSED, r.status.status())
            assertEquals("STOP", r.paused.eventName())
            assertEquals("paused", vm.status())
            assertEquals("none", r.replayMode)
            val add = vm.server().awaitRequest("blockdev-add", Duration.ofSeconds(5)).arguments()!!
            assertEquals("null-co", add["driver"].asText())
            assertEquals("disk0", add["node-name"].asText())
            val del = vm.server().awaitRequest("blockdev-del", Duration.ofSeconds(5)).arguments()!!
            assertEquals("disk0", del["node-name"].asText())
            withContext(Dispatchers.IO) { vm.server().awaitConnectionCount(0, Duration.ofSeconds(5)) }
        }
    }

    @Test
    fun fleetExampleStopsBothAndClosesTheFleet(): Unit = runBlocking(Dispatchers.Default) {
        SimulatedVm.start("a").use { a ->
            SimulatedVm.start("b").use { b ->
                val stopped = withTimeout(20.seconds) { ReadmeKotlinExamples.fleet(a.socketPath(), b.socketPath()) }
                assertEquals(setOf("web-1", "web-2"), stopped.toSet())
                assertEquals(listOf("paused", "paused"), listOf(a.status(), b.status()))
                // use { } closed the fleet: both monitors see their client go.
                withContext(Dispatchers.IO) {
                    a.server().awaitConnectionCount(0, Duration.ofSeconds(5))
                    b.server().awaitConnectionCount(0, Duration.ofSeconds(5))
                }
            }
        }
    }
}
