package dev.qmpsdk.kotlin

import dev.qmpsdk.core.protocol.QmpEvent
import dev.qmpsdk.reactive.QmpClientOptions
import dev.qmpsdk.reactive.QmpFleet
import dev.qmpsdk.reactive.ReconnectPolicy
import dev.qmpsdk.reactive.VmEvent
import dev.qmpsdk.reactive.VmState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.reactor.awaitSingleOrNull

/**
 * A [QmpFleet] for coroutines: many VMs on one event loop, their events merged into one [Flow] tagged with the
 * VM id, each VM's commands through [get]. [AutoCloseable], so `qmpFleet { ... }.use { fleet -> ... }` closes every
 * connection however the block ends, cancellation included.
 */
public class QmpCoroutineFleet(public val reactive: QmpFleet) : AutoCloseable {
    /** Every event of every VM (hot), with the VM's id. */
    public fun events(): Flow<VmEvent<QmpEvent>> = reactive.events().asFlow()

    /** Events of one generated class from every VM; see also the reified `events<StopEvent>()`. */
    public fun <E : QmpEvent> events(type: Class<E>): Flow<VmEvent<E>> = reactive.events(type).asFlow()

    /**
     * Events of one generated class from every VM, reified: `fleet.events<StopEvent>()`. A member for the reason
     * given at [QmpCoroutineClient.events].
     */
    @JvmName("eventsOfType")
    public inline fun <reified E : QmpEvent> events(): Flow<VmEvent<E>> = events(E::class.java)

    /** State changes of every VM. */
    public fun states(): Flow<VmState> = reactive.states().asFlow()

    /** The VM's client (across its reconnections), or null when no VM has that id. */
    public operator fun get(vmId: String): QmpCoroutineClient? =
        if (vmId in reactive.vmIds()) reactive.vm(vmId).coroutines() else null

    public val vmIds: Set<String> get() = reactive.vmIds()

    /** Adds a VM and suspends until its monitor is ready. */
    public suspend fun add(vmId: String, options: QmpClientOptions, reconnect: ReconnectPolicy = ReconnectPolicy.NEVER): QmpCoroutineClient =
        reactive.add(vmId, options, reconnect).awaitSingle().coroutines()

    /** Adds a VM described by the connection DSL: `fleet.add("web-2") { unixSocket("/run/web-2.qmp") }`. */
    public suspend fun add(vmId: String, spec: QmpClientSpec.() -> Unit): QmpCoroutineClient {
        val s = QmpClientSpec().apply(spec)
        return add(vmId, s.options(), s.reconnect)
    }

    /** Removes a VM and closes its connection. */
    public suspend fun remove(vmId: String) {
        reactive.remove(vmId).awaitSingleOrNull()
    }

    /**
     * Starts closing every connection (and the fleet's own event loop) without waiting; see [closeAndAwait] to
     * suspend until they are closed.
     */
    override fun close() {
        reactive.dispose()
    }

    /**
     * Closes every connection and suspends until all are closed (their pending commands failed, their event
     * flows completed), then releases the fleet's own event loop.
     *
     * ```
     * fleet.closeAndAwait()   // e.g. before the service reports that it has stopped
     * ```
     */
    public suspend fun closeAndAwait() {
        reactive.close().awaitSingleOrNull()
    }
}

/** This fleet for coroutines. */
public fun QmpFleet.coroutines(): QmpCoroutineFleet = QmpCoroutineFleet(this)
