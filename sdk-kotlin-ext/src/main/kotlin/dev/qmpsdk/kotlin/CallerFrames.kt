package dev.qmpsdk.kotlin

import dev.qmpsdk.core.QmpException
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.reactor.awaitSingleOrNull
import reactor.core.publisher.Mono
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.jvm.internal.CoroutineStackFrame

/*
 * A command fails on the event loop, so its exception's stack trace shows Netty's frames and none of the code that
 * called it. These helpers add the suspended caller's frames, read from the coroutine's continuations (what
 * kotlinx.coroutines' stack-trace recovery reads, which only runs in its debug mode): nothing is captured on success,
 * and a failure costs one walk up the continuation chain.
 */

/** The marker between the frames of the failure and the frames of the suspended callers. */
internal const val CALLER_BOUNDARY_CLASS = "_COROUTINE_"
internal const val CALLER_BOUNDARY_METHOD = "_suspendedCallers_"

/**
 * Awaits a command's value like `awaitSingle()`; a failure ([QmpException]) carries the suspended callers' frames at
 * the end of its stack trace. What the generated commands use; for the Java API's own Monos (a command with its own
 * timeout):
 *
 * ```
 * val status = qmp.reactive.execute(QmpCommands.QUERY_STATUS, null, Duration.ofSeconds(1)).awaitCommand()
 * ```
 */
public suspend fun <T> Mono<T>.awaitCommand(): T =
    try {
        awaitSingle()
    } catch (e: QmpException) {
        throw e.withCallerFrames(callerFrames())
    }

/** [awaitCommand] for a command that may return nothing: null then. */
public suspend fun <T> Mono<T>.awaitCommandOrNull(): T? =
    try {
        awaitSingleOrNull()
    } catch (e: QmpException) {
        throw e.withCallerFrames(callerFrames())
    }

/** The frames of the suspend functions waiting for this one, innermost first (without this function's own). */
private suspend fun callerFrames(): List<StackTraceElement> = suspendCoroutineUninterceptedOrReturn { continuation ->
    val frames = ArrayList<StackTraceElement>()
    var frame: CoroutineStackFrame? = (continuation as? CoroutineStackFrame)?.callerFrame
    while (frame != null) {
        frame.getStackTraceElement()?.let(frames::add)
        frame = frame.callerFrame
    }
    frames
}

/**
 * This exception with [callers] appended after a boundary frame. Done once: the exception that ends a connection is
 * shared by every command pending then, and the first caller to see it keeps its frames in it.
 */
private fun QmpException.withCallerFrames(callers: List<StackTraceElement>): QmpException {
    if (callers.isEmpty()) return this
    synchronized(this) {
        val own = stackTrace
        if (own.none { it.className == CALLER_BOUNDARY_CLASS }) {
            val boundary = StackTraceElement(CALLER_BOUNDARY_CLASS, CALLER_BOUNDARY_METHOD, "suspended callers", -1)
            stackTrace = (own.asList() + boundary + callers).toTypedArray()
        }
    }
    return this
}
