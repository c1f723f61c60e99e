package dev.qmpsdk.samples

import dev.qmpsdk.core.qapi.runstate.StatusInfo
import dev.qmpsdk.core.qapi.runstate.StopEvent
import dev.qmpsdk.kotlin.qmpClient
import dev.qmpsdk.kotlin.qmpFleet
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import java.nio.file.Path
import kotlin.time.Duration.Companion.seconds

/**
 * The Kotlin code shown in the README, compiled and tested so it cannot go stale. Each region between
 * `README-BEGIN: name` and `README-END` is a code block of the README (ReadmeSnippetsTest compares them).
 */
object ReadmeKotlinExamples {
    /** What the client example returns, for its test. */
    data class ClientResult(val status: StatusInfo, val paused: StopEvent, val balloonBytes: Long)

    /** README: "From Kotlin", one client. */
    suspend fun client(socket: Path): ClientResult = coroutineScope {
        // README-BEGIN: kotlin-client
        val qmp = qmpClient {                         // suspends until the monitor is ready
            unixSocket(socket)
            commandTimeout = 5.seconds
        }
        val status: StatusInfo = qmp.queryStatus()
        val paused = async(start = CoroutineStart.UNDISPATCHED) { qmp.events<StopEvent>().first() }
        qmp.stop()
        paused.await()
        qmp.blockdevAdd { file { nodeName = "disk0"; data { filename = "/var/lib/vm/disk0.img" } } }
        data class Balloon(val actual: Long)          // your own class, decoded by jackson-module-kotlin
        val balloon: Balloon = qmp.executeRaw("query-balloon")
        qmp.close()
        // README-END
        ClientResult(status, paused.await(), balloon.actual)
    }

    /** README: "From Kotlin", a fleet. Returns the ids of the VMs whose STOP was seen. */
    suspend fun fleet(web1: Path, web2: Path): List<String> = coroutineScope {
        // README-BEGIN: kotlin-fleet
        val stopped = qmpFleet {                      // connects both concurrently
            vm("web-1") { unixSocket(web1) }
            vm("web-2") { unixSocket(web2) }
        }.use { fleet ->                              // closed however the block ends, cancellation included
            val stops = async(start = CoroutineStart.UNDISPATCHED) { fleet.events<StopEvent>().take(2).toList() }
            for (id in fleet.vmIds) fleet[id]!!.stop()
            stops.await().map { it.vmId() }
        }
        println("paused: $stopped")
        // README-END
        stopped
    }
}
