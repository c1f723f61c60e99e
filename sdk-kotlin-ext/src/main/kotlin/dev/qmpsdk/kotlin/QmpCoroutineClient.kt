package dev.qmpsdk.kotlin

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.node.NullNode
import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.jacksonTypeRef
import dev.qmpsdk.core.introspection.ServerSchema
import dev.qmpsdk.core.protocol.CommandDescriptor
import dev.qmpsdk.core.protocol.QmpEvent
import dev.qmpsdk.core.protocol.QmpGreeting
import dev.qmpsdk.reactive.ConnectionState
import dev.qmpsdk.reactive.QmpClient
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.reactor.awaitSingleOrNull
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * A [QmpClient] for coroutines: every schema command as a `suspend` function ([QmpCoroutineCommands], generated),
 * events as [Flow]s. It holds no state of its own; [reactive] is the client it delegates to.
 *
 * ```
 * val qmp = qmpClient { unixSocket("/run/vm1.qmp") }
 * val status: StatusInfo = qmp.queryStatus()
 * qmp.events<StopEvent>().first()
 * ```
 *
 * Cancelling a coroutine that waits for a command cancels the command: its pending entry is removed and a late
 * reply is dropped. Timeouts surface as [dev.qmpsdk.core.QmpTimeoutException]; `withTimeout` works as well.
 */
public class QmpCoroutineClient(override val reactive: QmpClient) : QmpCoroutineCommands {
    /** Every event, hot: a collector sees the events that arrive while it collects. */
    public fun events(): Flow<QmpEvent> = reactive.events().asFlow()

    /** Events with the given wire names (`"STOP"`, `"RESUME"`), including ones the compiled schema does not know. */
    public fun events(vararg names: String): Flow<QmpEvent> = reactive.events(*names).asFlow()

    /** Events of one generated class: `events(StopEvent::class.java)`; see also the reified `events<StopEvent>()`. */
    public fun <E : QmpEvent> events(type: Class<E>): Flow<E> = reactive.events(type).asFlow()

    /**
     * Events of one generated class, reified: `qmp.events<StopEvent>()`. A member rather than an extension, which
     * [events] without type arguments would shadow; renamed on the JVM, where both would be `events()`.
     */
    @JvmName("eventsOfType")
    public inline fun <reified E : QmpEvent> events(): Flow<E> = events(E::class.java)

    /** Connection state changes, starting with the current state. */
    public fun states(): Flow<ConnectionState> = reactive.states().asFlow()

    public val state: ConnectionState get() = reactive.state()

    public val greeting: QmpGreeting? get() = reactive.greeting()

    /** Commands sent and not yet answered, failed, timed out or cancelled. */
    public val pendingCommands: Int get() = reactive.pendingCommands()

    /** Runs a command by descriptor; `null` for commands without a return value. */
    public suspend fun <A : Any, R : Any> execute(command: CommandDescriptor<A, R>, arguments: A?, timeout: Duration? = null): R? =
        (if (timeout == null) reactive.execute(command, arguments) else reactive.execute(command, arguments, timeout.toJavaDuration()))
            .awaitSingleOrNull()

    /** Runs a command by wire name with a JSON tree (or nothing) as arguments; the return value as a tree. */
    public suspend fun executeJson(command: String, arguments: JsonNode? = null): JsonNode =
        reactive.executeRaw(command, arguments).awaitSingleOrNull() ?: NullNode.instance

    /**
     * Runs a command the compiled schema may not know and decodes its return value into [T] (your own data
     * class, a `List`, a `Map`...) with [QmpJson.mapper], which knows Kotlin classes. [arguments] is a
     * [JsonNode], any value Jackson can write (a data class, a `Map`), or null for none.
     */
    public suspend inline fun <reified T> executeRaw(command: String, arguments: Any? = null): T {
        val tree = executeJson(command, QmpJson.toTree(arguments))
        return QmpJson.mapper.convertValue(tree, jacksonTypeRef<T>())
    }

    /**
     * What the server says about itself (`query-qmp-schema`), fetched once per connection; ask it with
     * `ServerCapabilities.of(schema)`.
     */
    public suspend fun serverSchema(): ServerSchema = reactive.serverSchema().awaitSingle()

    /** Closes the connection; pending commands fail. */
    public suspend fun close() {
        reactive.close().awaitSingleOrNull()
    }

    override fun toString(): String = "QmpCoroutineClient($reactive)"
}

/** This client for coroutines (no new connection; the same client underneath). */
public fun QmpClient.coroutines(): QmpCoroutineClient = QmpCoroutineClient(this)

/** The JSON mapper `executeRaw` decodes with: Jackson with the Kotlin module. */
public object QmpJson {
    /** Jackson's mapper with `jackson-module-kotlin` registered (data classes, default values, nullability). */
    public val mapper: ObjectMapper = jacksonObjectMapper()

    /** [value] as a JSON tree, or null for null. */
    public fun toTree(value: Any?): JsonNode? = when (value) {
        null -> null
        is JsonNode -> value
        else -> mapper.valueToTree(value)
    }
}
