package dev.qmpsdk.kotlin

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Waits in real time (not runTest's virtual time) until [condition] holds. */
suspend fun eventually(timeout: Duration = 5.seconds, what: String, condition: () -> Boolean) {
    withContext(Dispatchers.Default) {
        try {
            withTimeout(timeout) {
                while (!condition()) {
                    delay(10.milliseconds)
                }
            }
        } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
            throw AssertionError("not within $timeout: $what", e)
        }
    }
}

/** Runs [block] on a real dispatcher with a real-time deadline (commands wait for sockets, not virtual time). */
suspend fun <T> real(timeout: Duration = 10.seconds, block: suspend () -> T): T =
    withContext(Dispatchers.Default) { withTimeout(timeout) { block() } }
