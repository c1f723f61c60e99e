package dev.qmpsdk.kotlin.qga

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.node.NullNode
import com.fasterxml.jackson.module.kotlin.jacksonTypeRef
import dev.qmpsdk.core.protocol.CommandDescriptor
import dev.qmpsdk.kotlin.QmpDsl
import dev.qmpsdk.kotlin.QmpJson
import dev.qmpsdk.kotlin.awaitCommand
import dev.qmpsdk.kotlin.awaitCommandOrNull
import dev.qmpsdk.reactive.QmpAddress
import dev.qmpsdk.reactive.qga.QgaClient
import dev.qmpsdk.reactive.qga.QgaClientOptions
import dev.qmpsdk.reactive.qga.QgaState
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
import reactor.netty.resources.LoopResources
import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * A [QgaClient] for coroutines: commands as `suspend` functions, the state as a [Flow]. The typed commands of a QGA
 * schema come from the generator (the Maven plugin with `<clientKind>guest-agent</clientKind>` and `<kotlin>true</kotlin>`
 * gives the generated client a `coroutines()` of its own); this class covers commands by descriptor and by name.
 *
 * ```
 * val agent = qgaClient { unixSocket("/run/vm1-qga.sock"); readyTimeout = 3.minutes }
 * val info: JsonNode = agent.executeRaw("guest-info")
 * data class OsInfo(val name: String?, val version: String?)
 * val os: OsInfo = agent.executeRawAs("guest-get-osinfo")
 * agent.close()
 * ```
 *
 * Cancelling a coroutine that waits for a command cancels it (the client resynchronises if it was in flight).
 */
public class QgaCoroutineClient(public val reactive: QgaClient) {
    /** Runs a command by descriptor (from a generated QGA schema) and returns its value; see `QmpCoroutineClient.execute`. */
    public suspend fun <A : Any, R : Any> execute(command: CommandDescriptor<A, R>, arguments: A?, timeout: Duration? = null): R? =
        (if (timeout == null) reactive.execute(command, arguments) else reactive.execute(command, arguments, timeout.toJavaDuration()))
            .awaitCommandOrNull()

    /** Runs a command by wire name; the return value as a tree ([NullNode] for none, e.g. after `guest-shutdown`). */
    public suspend fun executeRaw(command: String, arguments: JsonNode? = null, timeout: Duration? = null): JsonNode =
        (if (timeout == null) reactive.executeRaw(command, arguments) else reactive.executeRaw(command, arguments, timeout.toJavaDuration()))
            .awaitCommandOrNull() ?: NullNode.instance

    /** [executeRaw], the value converted into [T] with [QmpJson.mapper] (unknown members ignored). */
    public suspend inline fun <reified T> executeRawAs(command: String, arguments: Any? = null): T =
        QmpJson.mapper.convertValue(executeRaw(command, QmpJson.toTree(arguments)), jacksonTypeRef<T>())

    /** The state now, then every change (WAITING, SYNCING, READY ... across the agent's restarts). */
    public fun states(): Flow<QgaState> = reactive.states().asFlow()

    public val state: QgaState get() = reactive.state()

    /** Closes the client and suspends until it is CLOSED. */
    public suspend fun close() {
        reactive.close().awaitCommandOrNull()
    }

    override fun toString(): String = "QgaCoroutineClient($reactive)"
}

/** This guest agent client for coroutines (the same client underneath). */
public fun QgaClient.coroutines(): QgaCoroutineClient = QgaCoroutineClient(this)

/** Where the guest agent is and how long to wait for it: the DSL of [qgaClient]. Unset settings keep the defaults. */
@QmpDsl
public class QgaClientSpec {
    private var address: QmpAddress? = null

    /** How long [qgaClient] waits for the agent to come up and answer a sync. */
    public var readyTimeout: Duration? = null

    /** The deadline of one `guest-sync-delimited`; a new one (fresh id) follows. */
    public var syncTimeout: Duration? = null

    /** The default deadline of every command. */
    public var commandTimeout: Duration? = null

    /** Connect again after the agent went away (default true). */
    public var reconnect: Boolean? = null

    public var loopResources: LoopResources? = null

    /** qemu-ga's socket, or the host end of the agent's virtio-serial port (a QEMU chardev socket). */
    public fun unixSocket(path: String) {
        unixSocket(Path.of(path))
    }

    public fun unixSocket(path: Path) {
        address = QmpAddress.unix(path)
    }

    public fun tcp(host: String, port: Int) {
        address = QmpAddress.tcp(host, port)
    }

    /** The options this describes; fails when no address was given. */
    public fun options(): QgaClientOptions {
        val b = QgaClientOptions.builder(address ?: throw IllegalStateException("no guest agent address: call unixSocket(...) or tcp(...)"))
        readyTimeout?.let { b.readyTimeout(it.toJavaDuration()) }
        syncTimeout?.let { b.syncTimeout(it.toJavaDuration()) }
        commandTimeout?.let { b.commandTimeout(it.toJavaDuration()) }
        reconnect?.let { b.reconnect(it) }
        loopResources?.let { b.loopResources(it) }
        return b.build()
    }
}

/**
 * Waits for a guest agent (up to its ready timeout) and suspends until it answered a sync:
 *
 * ```
 * val agent = qgaClient { unixSocket("/run/vm1-qga.sock") }
 * ```
 *
 * @throws dev.qmpsdk.core.QmpTimeoutException when no agent answered within [QgaClientSpec.readyTimeout]
 */
public suspend fun qgaClient(spec: QgaClientSpec.() -> Unit): QgaCoroutineClient =
    QgaClient.connect(QgaClientSpec().apply(spec).options()).awaitCommand().coroutines()
