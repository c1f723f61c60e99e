package dev.qmpsdk.kotlin

import dev.qmpsdk.core.protocol.QmpEvent
import dev.qmpsdk.reactive.QmpClientOptions
import dev.qmpsdk.reactive.QmpFleet
import dev.qmpsdk.reactive.ReconnectPolicy
import dev.qmpsdk.reactive.VmEvent
import dev.qmpsdk.reactive.VmState
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.awaitSingleOrNull
import kotlinx.coroutines.withContext

/**
 * A [QmpFleet] for coroutines: many VMs on one event loop, their events merged into one [Flow] tagged with the
 * VM id, each VM's commands through [get]. [close] suspends until every connection is closed, like
 * [QmpCoroutineClient.close]; `qmpFleet { ... }.use { fleet -> ... }` closes it however the block ends, cancellation
 * included.
 */
public class QmpCoroutineFleet(public val reactive: QmpFleet) {
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
        reactive.add(vmId, options, reconnect).awaitCommand().coroutines()

    /** Adds a VM described by the connection DSL: `fleet.add("web-2") { unixSocket("/run/web-2.qmp") }`. */
    public suspend fun add(vmId: String, spec: QmpVmSpec.() -> Unit): QmpCoroutineClient {
        val s = QmpVmSpec().apply(spec)
        return add(vmId, s.options(), s.reconnect)
    }

    /** Removes a VM and closes its connection. */
    public suspend fun remove(vmId: String) {
        reactive.remove(vmId).awaitSingleOrNull()
    }

    /**
     * Closes every connection and suspends until all are closed (their pending commands failed, the events they
     * received delivered to the flows collecting them), then releases the fleet's own event loop.
     *
     * ```
     * fleet.close()   // e.g. before the service reports that it has stopped
     * ```
     */
    public suspend fun close() {
        reactive.close().awaitSingleOrNull()
    }
}

/**
 * Runs [block] and closes the fleet afterwards, however the block ends (an exception, cancellation), suspending until
 * it is closed; the suspending twin of `AutoCloseable.use`.
 *
 * ```
 * qmpFleet { vm("web-1") { unixSocket("/run/web-1.qmp") } }.use { fleet -> fleet["web-1"]!!.stop() }
 * ```
 */
public suspend inline fun <R> QmpCoroutineFleet.use(block: (QmpCoroutineFleet) -> R): R {
    try {
        return block(this)
    } finally {
        withContext(NonCancellable) { close() }
    }
}

/** Runs [block] and closes the client afterwards, however the block ends, suspending until it is closed. */
public suspend inline fun <R> QmpCoroutineClient.use(block: (QmpCoroutineClient) -> R): R {
    try {
        return block(this)
    } finally {
        withContext(NonCancellable) { close() }
    }
}

/** This fleet for coroutines. */
public fun QmpFleet.coroutines(): QmpCoroutineFleet = QmpCoroutineFleet(this)
