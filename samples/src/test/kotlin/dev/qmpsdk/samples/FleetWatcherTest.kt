package dev.qmpsdk.samples

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import dev.qmpsdk.kotlin.use
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The Kotlin fleet watcher against simulated VMs. */
class FleetWatcherTest {
    private val json = ObjectMapper()

    /** A line as "EVENT" or "EVENT(guest=...)", after checking it is the JSON object the watcher promises. */
    private fun parse(line: String): Pair<String, String> {
        val node: JsonNode = json.readTree(line)
        val fields = node.fieldNames().asSequence().toList()
        assertEquals(listOf("vm", "event", "timestamp"), fields.take(3), line)
        assertTrue(fields.size == 3 || fields == listOf("vm", "event", "timestamp", "guest"), line)
        Instant.parse(node["timestamp"].asText()) // present and ISO-8601
        val guest = node["guest"]?.let { "(guest=${it.asBoolean()})" } ?: ""
        return node["vm"].asText() to node["event"].asText() + guest
    }

    @Test
    fun theDemoPrintsWhatItsCommandsCausedInEachVmsOrder(): Unit = runBlocking(Dispatchers.Default) {
        val lines = Channel<String>(Channel.UNLIMITED)
        val paused = withTimeout(30.seconds) { simulatedDemo { lines.send(it) } }
        lines.close()
        val got = buildList { for (line in lines) add(parse(line)) }

        assertEquals(mapOf("vm-1" to "VM status: paused", "vm-2" to "VM status: paused", "vm-3" to "VM status: paused"), paused)
        val byVm = got.groupBy({ it.first }, { it.second })
        val driven = listOf("STOP", "RESUME", "RESET(guest=false)")
        assertEquals(driven, byVm["vm-1"], got.toString())
        assertEquals(driven, byVm["vm-3"], got.toString())
        // vm-2's guest powered off: POWERDOWN is skipped, SHUTDOWN kept, and the watcher's reset follows it.
        assertEquals(driven + listOf("SHUTDOWN(guest=true)", "RESET(guest=false)"), byVm["vm-2"], got.toString())
        assertEquals(SIMULATED_LINES, got.size)
    }

    @Test
    fun cancellingTheWatcherClosesEveryConnection(): Unit = runBlocking(Dispatchers.Default) {
        val vms = (1..2).map { simulatedVm("vm-$it") }
        try {
            val lines = Channel<String>(Channel.UNLIMITED)
            val watching = launch {
                watchSockets(vms.associate { it.name() to it.socketPath() }, drive = true) { lines.send(it) }
            }
            val got = withTimeout(20.seconds) { List(6) { parse(lines.receive()) } }
            assertEquals(setOf("STOP", "RESUME", "RESET(guest=false)"), got.map { it.second }.toSet())
            assertEquals(listOf("running", "running"), vms.map { it.status() })
            assertEquals(listOf(1, 1), vms.map { it.server().connectionCount() })

            watching.cancelAndJoin()
            withContext(Dispatchers.IO) { vms.forEach { it.server().awaitConnectionCount(0, Duration.ofSeconds(5)) } }
        } finally {
            vms.forEach { it.close() }
        }
    }

    @Test
    fun aSlowSinkCostsCountedDropsNotMemory(): Unit = runBlocking(Dispatchers.Default) {
        simulatedVm("flood").use { vm ->
            connectFleet(mapOf("flood" to vm.socketPath())).use { fleet ->
                val watcher = FleetWatcher(fleet, capacity = 16)
                val written = AtomicLong()
                val watching = launch(start = CoroutineStart.UNDISPATCHED) {
                    watcher.watch {
                        delay(1.milliseconds) // a sink far slower than the flood
                        written.incrementAndGet()
                    }
                }
                val flood = 20_000
                vm.server().floodEvents(flood, "STOP")
                // Every event is either written or dropped and counted: none is lost silently, and what waits in
                // between is bounded by the buffers, so the sink catches up soon after the flood.
                eventually("written ${written.get()} + dropped ${watcher.droppedEvents} == $flood") {
                    written.get() + watcher.droppedEvents == flood.toLong()
                }
                assertTrue(watcher.droppedEvents > 0, "a sink this slow must lose events to the bounded buffers")
                assertTrue(written.get() >= 16, "the sink kept writing: ${written.get()}")
                watching.cancelAndJoin()
            }
        }
    }

    @Test
    fun socketArguments() {
        assertEquals(
            mapOf("web-1" to Path.of("/run/a.qmp"), "web-2" to Path.of("/run/web-2.qmp")),
            parseSockets(listOf("web-1=/run/a.qmp", "/run/web-2.qmp")),
        )
        assertTrue(assertThrows<IllegalArgumentException> { parseSockets(listOf("/a/x.qmp", "/b/x.qmp")) }
            .message!!.contains("two sockets for VM 'x'"))
        assertTrue(assertThrows<IllegalArgumentException> { parseSockets(listOf("--follow")) }
            .message!!.contains("unknown option '--follow'"))
    }

    private suspend fun eventually(what: String, condition: () -> Boolean) {
        try {
            withTimeout(20.seconds) {
                while (!condition()) {
                    delay(10.milliseconds)
                }
            }
        } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
            throw AssertionError("not within 20 s: $what", e)
        }
    }

    @Test
    fun aShutdownWithoutGuestIsWatchedWithoutIt() {
        // A QEMU newer than the 2.11.2 schema may leave SHUTDOWN's required 'guest' out: no guess, no exception.
        val codec = dev.qmpsdk.core.protocol.QmpCodec.of(dev.qmpsdk.core.qapi.QmpEvents.REGISTRY)
        val event = codec.decodeMessage("""{"event": "SHUTDOWN", "data": {}, "timestamp": {"seconds": 1, "microseconds": 0}}""")
            as dev.qmpsdk.core.qapi.runstate.ShutdownEvent
        val line = WatchedEvent.of(dev.qmpsdk.reactive.VmEvent("vm-1", event))!!
        assertEquals(null, line.guest)
        assertEquals(listOf("vm", "event", "timestamp"), json.readTree(line.toJson()).fieldNames().asSequence().toList())
    }
}
