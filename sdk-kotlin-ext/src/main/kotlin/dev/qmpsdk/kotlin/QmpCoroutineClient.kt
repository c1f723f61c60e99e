package dev.qmpsdk.kotlin

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.node.NullNode
import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.jacksonTypeRef
import dev.qmpsdk.core.introspection.ServerSchema
import dev.qmpsdk.core.protocol.CommandDescriptor
import dev.qmpsdk.core.protocol.QmpEvent
import dev.qmpsdk.core.protocol.QmpGreeting
import dev.qmpsdk.core.qapi.misc.AddfdInfo
import dev.qmpsdk.reactive.ConnectionState
import dev.qmpsdk.reactive.FdSource
import dev.qmpsdk.reactive.QmpClient
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
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
 * reply is dropped. Timeouts surface as [dev.qmpsdk.core.QmpTimeoutException]; `withTimeout` works as well. A failed
 * command's exception is the Java API's (same class and message); its stack trace ends with the frames of the
 * suspend functions that called it, after a `_COROUTINE_._suspendedCallers_` frame, so your own code shows in it.
 *
 * The names mean what they mean in Java: [execute] by descriptor, [executeRaw] by wire name with JSON trees;
 * [executeRawAs] is [executeRaw] plus a conversion of the result into your own type.
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

    /**
     * Runs a command by descriptor and returns its value: `val s: StatusInfo = qmp.execute(QmpCommands.QUERY_STATUS, null)`.
     * For a command that returns nothing ([R] is `java.lang.Void`) it returns once the command succeeded; use it as
     * a statement (`qmp.execute(QmpCommands.STOP, null)`), the value means nothing.
     */
    public suspend fun <A : Any, R : Any> execute(command: CommandDescriptor<A, R>, arguments: A?, timeout: Duration? = null): R {
        val value = (if (timeout == null) reactive.execute(command, arguments) else reactive.execute(command, arguments, timeout.toJavaDuration()))
            .awaitCommandOrNull()
        return value ?: nothingReturned()   // only for a command without a return value, whose R is Void
    }

    /**
     * Runs a command by wire name, as Java's `executeRaw`: a JSON tree (or nothing) as arguments, the return value as
     * a tree (`{}` for a command that returns nothing; [NullNode] if the server sent no value at all).
     *
     * ```
     * val replay: JsonNode = qmp.executeRaw("query-replay")
     * ```
     */
    public suspend fun executeRaw(command: String, arguments: JsonNode? = null): JsonNode =
        reactive.executeRaw(command, arguments).awaitCommandOrNull() ?: NullNode.instance

    /**
     * [executeRaw], then the return value converted into [T] (your own data class, a `List`, a `Map`...) with
     * [QmpJson.mapper], which knows Kotlin classes and ignores members [T] does not have (a newer server may send
     * more). [arguments] is a [JsonNode], any value Jackson can write (a data class, a `Map`), or null for none.
     *
     * ```
     * data class Replay(val mode: String, val icount: Long)
     * val replay: Replay = qmp.executeRawAs("query-replay")
     * ```
     */
    public suspend inline fun <reified T> executeRawAs(command: String, arguments: Any? = null): T {
        val tree = executeRaw(command, QmpJson.toTree(arguments))
        return QmpJson.mapper.convertValue(tree, jacksonTypeRef<T>())
    }

    /**
     * Runs a command with a file descriptor passed as `SCM_RIGHTS` (Java's `executeWithFd`; who closes it: [FdSource]).
     *
     * ```
     * qmp.executeWithFd(QmpCommands.GETFD, GetfdArguments.of { it.fdname("migfile") }, FdSource.open(path, FdSource.Access.WRITE_TRUNCATE))
     * ```
     */
    public suspend fun <A : Any, R : Any> executeWithFd(command: CommandDescriptor<A, R>, arguments: A?, fd: FdSource): R =
        reactive.executeWithFd(command, arguments, fd).awaitCommandOrNull() ?: nothingReturned()

    /** [executeRaw] with a file descriptor passed as `SCM_RIGHTS` (Java's `executeRawWithFd`). */
    public suspend fun executeRawWithFd(command: String, arguments: JsonNode?, fd: FdSource): JsonNode =
        reactive.executeRawWithFd(command, arguments, fd).awaitCommandOrNull() ?: NullNode.instance

    /** [executeRaw] out of band (`exec-oob`), as Java's `executeRawOob`: `qmp.executeRawOob("migrate-pause")`. */
    public suspend fun executeRawOob(command: String, arguments: JsonNode? = null): JsonNode =
        reactive.executeRawOob(command, arguments).awaitCommandOrNull() ?: NullNode.instance

    /** Passes a descriptor under a name (`getfd`): `qmp.passFd("migfile", FdSource.open(path, FdSource.Access.WRITE_TRUNCATE))`. */
    public suspend fun passFd(name: String, fd: FdSource) {
        reactive.passFd(name, fd).awaitCommandOrNull()
    }

    /** Adds a descriptor to a (new, when [fdsetId] is null) fd set (`add-fd`); QEMU opens it as `/dev/fdset/<fdsetId>`. */
    public suspend fun passFdToSet(fd: FdSource, fdsetId: Long? = null): AddfdInfo = reactive.passFdToSet(fd, fdsetId).awaitCommand()

    /** Closes a descriptor passed with [passFd] (`closefd`). */
    public suspend fun closePassedFd(name: String) {
        reactive.closePassedFd(name).awaitCommandOrNull()
    }

    /** Removes one descriptor, or the whole set when [fd] is null, from QEMU's fd sets (`remove-fd`). */
    public suspend fun removeFdFromSet(fdsetId: Long, fd: Long? = null) {
        reactive.removeFdFromSet(fdsetId, fd).awaitCommandOrNull()
    }

    /**
     * What the server says about itself (`query-qmp-schema`), fetched once per connection; ask it with
     * `ServerCapabilities.of(schema)`.
     */
    public suspend fun serverSchema(): ServerSchema = reactive.serverSchema().awaitCommand()

    /**
     * Closes the connection and suspends until it is closed: pending commands failed, the events received before the
     * end delivered to the flows collecting them.
     */
    public suspend fun close() {
        reactive.close().awaitCommandOrNull()
    }

    override fun toString(): String = "QmpCoroutineClient($reactive)"
}

/** The "value" of a command that returns nothing (R is `java.lang.Void`): null, unchecked, since Void has no other. */
@Suppress("UNCHECKED_CAST")
private fun <T> nothingReturned(): T = null as T

/** This client for coroutines (no new connection; the same client underneath). */
public fun QmpClient.coroutines(): QmpCoroutineClient = QmpCoroutineClient(this)

/** The JSON mapper `executeRawAs` converts with: Jackson with the Kotlin module. */
public object QmpJson {
    /**
     * Jackson's mapper with `jackson-module-kotlin` registered (data classes, default values, nullability). Members
     * your class does not declare are ignored, as everywhere in the SDK: a newer QEMU adds members.
     */
    public val mapper: ObjectMapper = jacksonObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)

    /** [value] as a JSON tree, or null for null. */
    public fun toTree(value: Any?): JsonNode? = when (value) {
        null -> null
        is JsonNode -> value
        else -> mapper.valueToTree(value)
    }
}
