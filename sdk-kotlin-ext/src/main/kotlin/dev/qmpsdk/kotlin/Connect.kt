package dev.qmpsdk.kotlin

import dev.qmpsdk.reactive.OverflowPolicy
import dev.qmpsdk.reactive.QmpAddress
import dev.qmpsdk.reactive.QmpClient
import dev.qmpsdk.reactive.QmpClientOptions
import dev.qmpsdk.reactive.QmpFleet
import dev.qmpsdk.reactive.QmpFleetDefaults
import dev.qmpsdk.reactive.ReconnectPolicy
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext
import reactor.netty.resources.LoopResources
import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * Where and how to connect: the connection DSL of [qmpClient] (and, with [QmpVmSpec.reconnect], of a fleet's VMs).
 * Unset settings keep the [QmpClientOptions] defaults.
 */
@QmpDsl
public open class QmpClientSpec {
    private var address: QmpAddress? = null

    /** Connect, handshake and capabilities negotiation must finish within this. */
    public var connectTimeout: Duration? = null

    /** The default deadline of every command. */
    public var commandTimeout: Duration? = null

    /** The largest message accepted, in bytes. */
    public var maxFrameSize: Int? = null

    /** Events buffered per subscriber before [overflowPolicy] applies. */
    public var eventBufferSize: Int? = null

    public var overflowPolicy: OverflowPolicy? = null

    /** Ask for out-of-band execution when the server offers it. */
    public var requestOob: Boolean? = null

    /** Reject unknown members, enum values and events (for tests that pin a schema to a server). */
    public var strict: Boolean? = null

    /**
     * Give every command an id, even one alone on its connection (which by default goes without: shorter, so QEMU answers
     * it sooner). For a QMP proxy that matches replies by id (`QmpClientOptions.Builder.alwaysSendIds`).
     */
    public var alwaysSendIds: Boolean? = null

    /**
     * Check each command against the server's `query-qmp-schema` before sending it: what the server lacks fails with
     * `QmpUnsupportedCommandException` and is not sent (`QmpClientOptions.Builder.checkAgainstServer`).
     */
    public var checkAgainstServer: Boolean? = null

    /** The event loop (a fleet sets its own). */
    public var loopResources: LoopResources? = null

    /** The monitor's unix socket (`-qmp unix:/run/vm1.qmp,server=on`). */
    public fun unixSocket(path: String) {
        unixSocket(Path.of(path))
    }

    public fun unixSocket(path: Path) {
        address = QmpAddress.unix(path)
    }

    /** The monitor's TCP address (`-qmp tcp:host:port,server=on`). */
    public fun tcp(host: String, port: Int) {
        address = QmpAddress.tcp(host, port)
    }

    /** The options this describes; fails when no address was given. */
    public fun options(): QmpClientOptions {
        val b = QmpClientOptions.builder(address ?: throw IllegalStateException("no QMP address: call unixSocket(...) or tcp(...)"))
        connectTimeout?.let { b.connectTimeout(it.toJavaDuration()) }
        commandTimeout?.let { b.commandTimeout(it.toJavaDuration()) }
        maxFrameSize?.let { b.maxFrameSize(it) }
        eventBufferSize?.let { b.eventBufferSize(it) }
        overflowPolicy?.let { b.eventOverflowPolicy(it) }
        requestOob?.let { b.requestOob(it) }
        strict?.let { b.strict(it) }
        alwaysSendIds?.let { b.alwaysSendIds(it) }
        checkAgainstServer?.let { b.checkAgainstServer(it) }
        loopResources?.let { b.loopResources(it) }
        return b.build()
    }
}

/**
 * A VM of a fleet ([qmpFleet]'s `vm(...) { }`, [QmpCoroutineFleet.add]): the connection settings plus what only a
 * fleet can do, reconnecting. A single client has no reconnection: [qmpClient] returns one connection, whose end is
 * final (its states say why); a fleet replaces a VM's client when it reconnects, and `fleet[vmId]` is the current one.
 */
@QmpDsl
public class QmpVmSpec : QmpClientSpec() {
    /** Reconnect with backoff after the connection ends without the VM being removed (QEMU restarted). */
    public var reconnect: ReconnectPolicy = ReconnectPolicy.NEVER
}

/**
 * Connects to one QMP monitor and suspends until it is ready (greeting read, capabilities negotiated):
 *
 * ```
 * val qmp = qmpClient {
 *     unixSocket("/run/vm1.qmp")
 *     commandTimeout = 5.seconds
 * }
 * ```
 *
 * @throws dev.qmpsdk.core.QmpConnectionException when the monitor cannot be reached or is not a QMP server
 * @throws dev.qmpsdk.core.QmpTimeoutException when it is not ready within the connect timeout
 */
public suspend fun qmpClient(spec: QmpClientSpec.() -> Unit): QmpCoroutineClient =
    QmpClient.connect(QmpClientSpec().apply(spec).options()).awaitCommand().coroutines()

/** The VMs of [qmpFleet]. */
@QmpDsl
public class QmpFleetSpec {
    internal val vms = LinkedHashMap<String, QmpVmSpec>()

    /** The event loop the fleet runs on; by default a single thread of its own, released with the fleet. */
    public var loopResources: LoopResources? = null

    /**
     * Every VM checks commands against its server's schema before sending them, unless its own `vm(...) { }` sets
     * `checkAgainstServer` (`QmpFleetDefaults.checkAgainstServer`).
     */
    public var checkAgainstServer: Boolean? = null

    /** Adds a VM: `vm("web-1") { unixSocket("/run/web-1.qmp"); reconnect = ReconnectPolicy.backoff(...) }`. */
    public fun vm(vmId: String, spec: QmpVmSpec.() -> Unit) {
        require(vmId !in vms) { "a VM with id '$vmId' is already in the fleet" }
        vms[vmId] = QmpVmSpec().apply(spec)
    }
}

/**
 * Creates a fleet and connects all its VMs concurrently, suspending until every one is ready. When one
 * fails, the fleet is closed and the failure is thrown.
 *
 * ```
 * val fleet = qmpFleet {
 *     vm("web-1") { unixSocket("/run/web-1.qmp") }
 *     vm("web-2") { unixSocket("/run/web-2.qmp") }
 * }
 * fleet.events<StopEvent>().collect { (vm, e) -> println("$vm paused at ${e.timestamp()}") }
 * ```
 */
public suspend fun qmpFleet(spec: QmpFleetSpec.() -> Unit): QmpCoroutineFleet {
    val s = QmpFleetSpec().apply(spec)
    val defaults = s.checkAgainstServer?.let { QmpFleetDefaults.NONE.checkAgainstServer(it) } ?: QmpFleetDefaults.NONE
    val fleet = (s.loopResources?.let { QmpFleet.create(it, defaults) } ?: QmpFleet.create(defaults)).coroutines()
    try {
        coroutineScope {
            s.vms.map { (id, vm) -> async { fleet.add(id, vm.options(), vm.reconnect) } }.awaitAll()
        }
    } catch (e: Throwable) {
        withContext(NonCancellable) { fleet.close() }
        throw e
    }
    return fleet
}
