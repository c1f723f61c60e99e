package dev.qmpsdk.samples

import com.fasterxml.jackson.databind.ObjectMapper
import dev.qmpsdk.core.protocol.QmpEvent
import dev.qmpsdk.core.qapi.runstate.ResetEvent
import dev.qmpsdk.core.qapi.runstate.ResumeEvent
import dev.qmpsdk.core.qapi.runstate.ShutdownEvent
import dev.qmpsdk.core.qapi.runstate.StopEvent
import dev.qmpsdk.kotlin.QmpCoroutineFleet
import dev.qmpsdk.reactive.ConnectionState
import dev.qmpsdk.reactive.VmEvent
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.launch

/**
 * One output line. A flat record rather than the event object, so the JSON is ours and stays the same whatever
 * the schema adds. [guest] says, for SHUTDOWN and RESET, whether the guest asked for it; it is left out otherwise.
 */
data class WatchedEvent(val vm: String, val event: String, val timestamp: String, val guest: Boolean? = null) {
    /**
     * `{"vm":"web-1","event":"STOP","timestamp":"..."}`. Written as a tree, not through data-class binding: the
     * first binding of a Kotlin class makes jackson-module-kotlin load kotlin-reflect, a second or more of stalled
     * output for a record this small.
     */
    fun toJson(): String {
        val json = JSON.createObjectNode().put("vm", vm).put("event", event).put("timestamp", timestamp)
        guest?.let { json.put("guest", it) }
        return JSON.writeValueAsString(json)
    }

    companion object {
        private val JSON = ObjectMapper()

        /** The line for a lifecycle event, or null for what a lifecycle watcher skips (POWERDOWN, BLOCK_JOB_*...). */
        fun of(e: VmEvent<QmpEvent>): WatchedEvent? {
            val guest = when (val event = e.event()) {
                is StopEvent, is ResumeEvent -> null
                // hasGuest(): a QEMU newer than the 2.11.2 schema may leave a required member out (then guest() throws).
                is ShutdownEvent -> if (event.hasGuest()) event.guest() else null
                is ResetEvent -> if (event.hasGuest()) event.guest() else null
                else -> return null
            }
            return WatchedEvent(e.vmId(), e.event().eventName(), e.event().timestamp().toString(), guest)
        }
    }
}

/**
 * The fleet watcher of [EventPipelineSample], with coroutines: the lifecycle events of every VM of a fleet as JSON
 * lines, and one reaction (a guest that powers itself off is restarted).
 *
 * ```
 * val fleet = qmpFleet { vm("web-1") { unixSocket("/run/web-1.qmp") } }
 * launch(start = CoroutineStart.UNDISPATCHED) { FleetWatcher(fleet).watch { println(it) } }
 * // {"vm":"web-1","event":"STOP","timestamp":"2024-05-01T12:00:00.123456Z"}
 * ```
 *
 * Backpressure: QEMU cannot be asked to slow down (events are hot), so a sink that falls behind must cost
 * bounded memory and must never stall the event loop that also carries every VM's command replies. Two bounded
 * buffers stand between QEMU and the sink:
 * 1. each VM's per-subscriber buffer in the SDK (`eventBufferSize` and `overflowPolicy` in the `qmpFleet { }`
 *    DSL), filled on the event loop without waiting; when it is full the policy drops events and counts them
 *    ([droppedEvents]);
 * 2. this Flow's `buffer(capacity)`: the sink may fall up to [capacity] events behind. When that buffer is full the
 *    Flow stops requesting, so further events wait in (and overflow from) buffer 1.
 */
class FleetWatcher(private val fleet: QmpCoroutineFleet, private val capacity: Int = DEFAULT_CAPACITY) {
    init {
        require(capacity > 0) { "capacity must be positive, was $capacity" }
    }

    /**
     * The lifecycle events of every VM, in the order each VM sent them, as JSON lines. Cold: each collection
     * subscribes anew, and sees only the events that arrive while it collects.
     */
    fun lines(): Flow<String> =
        fleet.events()
            // Right after the source, the buffer fuses with the subscription: the Flow requests `capacity` events
            // at a time and the default overflow (SUSPEND) stops requesting when they are not consumed, leaving
            // the dropping to the SDK, which counts it. buffer(capacity, DROP_OLDEST) would request without
            // limit and drop silently here instead; conflate() would keep only the newest event, right for a
            // gauge of the current state but not for a log in which every line matters.
            .buffer(capacity)
            // A `when` over the typed events rather than one typed Flow per kind: one subscription keeps each VM's
            // STOP before its RESUME, which separate Flows merged together would not.
            .mapNotNull(WatchedEvent::of)
            .map { it.toJson() }

    /**
     * The watcher's reaction, a command driven by an event: a guest that powered itself off (a VM kept by
     * `-no-shutdown`) is reset and resumed, so it boots again. A VM shut down by its host is left alone. Runs
     * until cancelled or the fleet is closed; a restart that fails fails the watcher, so the error reaches whoever
     * started it instead of being logged and forgotten.
     */
    suspend fun restartGuestsThatShutDown() {
        fleet.events<ShutdownEvent>() // the reified filter: only SHUTDOWN is buffered for this collector
            .filter { it.event().hasGuest() && it.event().guest() } // not sent (a newer QEMU): not known to be the guest
            .collect { shutdown ->
                val vm = fleet[shutdown.vmId()]?.takeIf { it.state == ConnectionState.READY }
                    ?: return@collect // removed or reconnecting: nothing to restart
                vm.systemReset()
                vm.cont() // QEMU leaves a VM reset after a shutdown in prelaunch until told to run
            }
    }

    /**
     * Watches until cancelled or until the fleet is closed: each lifecycle event as a JSON line to [sink], and
     * guests that shut down restarted. The sink runs in this coroutine, never on the event loop, so it may be slow
     * (a file, a socket); while it is, events queue in the bounded buffers above.
     *
     * Both subscriptions are made before this first suspends: started with `launch(start = UNDISPATCHED)`, the
     * watcher sees every event caused by commands sent after `launch` returns.
     */
    suspend fun watch(sink: suspend (String) -> Unit): Unit = coroutineScope {
        launch(start = CoroutineStart.UNDISPATCHED) { restartGuestsThatShutDown() }
        lines().collect { sink(it) }
    }

    /** Events the SDK dropped because a subscriber of this fleet fell behind, over the VMs connected now. */
    val droppedEvents: Long
        get() = fleet.vmIds.sumOf { id -> fleet[id]?.reactive?.stats()?.droppedEvents() ?: 0L }

    companion object {
        /** How many events the sink may fall behind before the Flow stops requesting more. */
        const val DEFAULT_CAPACITY: Int = 64
    }
}
