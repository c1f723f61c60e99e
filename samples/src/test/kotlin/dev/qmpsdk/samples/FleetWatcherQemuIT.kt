package dev.qmpsdk.samples

import com.fasterxml.jackson.databind.ObjectMapper
import dev.qmpsdk.kotlin.use
import dev.qmpsdk.testkit.QemuProcess
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import kotlin.time.Duration.Companion.seconds

/** The fleet watcher against two real QEMUs (`-machine none`); fails, never skips, without QEMU. */
class FleetWatcherQemuIT {
    @Test
    fun watchesAndDrivesTwoQemus(): Unit = runBlocking(Dispatchers.Default) {
        QemuProcess.requireInstalled()
        val qemus = (1..2).map { QemuProcess.builder().qmpUnixSocket().start() }
        try {
            val sockets = qemus.mapIndexed { i, q -> "qemu-${i + 1}" to q.socketPath() }.toMap()
            withTimeout(30.seconds) {
                connectFleet(sockets).use { fleet ->
                    val lines = Channel<String>(Channel.UNLIMITED)
                    val watching = launch(start = CoroutineStart.UNDISPATCHED) { FleetWatcher(fleet).watch { lines.send(it) } }
                    val paused = driveOnce(fleet)
                    assertEquals(mapOf("qemu-1" to "VM status: paused", "qemu-2" to "VM status: paused"), paused)

                    val json = ObjectMapper()
                    val got = List(6) { json.readTree(lines.receive()) }
                        .groupBy({ it["vm"].asText() }, { it["event"].asText() + (it["guest"]?.let { g -> "(guest=$g)" } ?: "") })
                    val driven = listOf("STOP", "RESUME", "RESET(guest=false)")
                    assertEquals(mapOf("qemu-1" to driven, "qemu-2" to driven), got)
                    watching.cancel()
                }
            }
        } finally {
            qemus.forEach { it.close() }
        }
    }
}
