package dev.qmpsdk.kotlin

import dev.qmpsdk.reactive.OverflowPolicy
import dev.qmpsdk.testkit.FakeQmpServer
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * A slow Flow collector is held back by the SDK's own bounded per-subscriber buffer: the Flow requests from
 * the event Flux only as fast as it collects (its `buffer()` size is the request size), so events beyond the
 * SDK buffer are dropped by the configured policy and counted, instead of piling up in memory.
 */
class FlowBackpressureTest {
    private val server = FakeQmpServer.startUnix()

    @AfterEach
    fun close() = server.close()

    @Test
    fun aSlowFlowCollectorLosesEventsToTheSdkBufferNotToMemory() = runTest {
        val qmp = real {
            qmpClient {
                unixSocket(server.socketPath())
                eventBufferSize = 64
                overflowPolicy = OverflowPolicy.DROP_OLDEST
            }
        }
        val flood = 20_000
        val seen = real(30.seconds) {
            withContext(Dispatchers.Default) {
                coroutineScope {
                    val slow = async(start = CoroutineStart.UNDISPATCHED) {
                        // At most what the bounded buffers hold when the flood is over (64 in the SDK's buffer at least):
                        // a faster client may finish reading the whole flood before this collector takes its second event.
                        qmp.events("STOP").buffer(16).onEach { delay(1.milliseconds) }.take(TAKEN).toList()
                    }
                    delay(100.milliseconds)
                    server.floodEvents(flood, "STOP")
                    slow.await().size
                }
            }
        }
        assertEquals(TAKEN, seen)
        eventually(what = "the flood reached the client") { qmp.reactive.stats().eventsReceived() >= flood.toLong() }
        val dropped = qmp.reactive.stats().droppedEvents()
        assertTrue(dropped > 0, "a collector far slower than the flood must lose events to the bounded buffer")
        real { qmp.close() }
    }

    private companion object {
        const val TAKEN = 50
    }
}
