package dev.qmpsdk.samples

// README-BEGIN: kotlin-imports
import dev.qmpsdk.core.qapi.runstate.StatusInfo
import dev.qmpsdk.core.qapi.runstate.StopEvent
import dev.qmpsdk.kotlin.qmpClient
import dev.qmpsdk.kotlin.qmpFleet
import dev.qmpsdk.kotlin.use
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import java.nio.file.Path
import kotlin.time.Duration.Companion.seconds
// README-END
import kotlinx.coroutines.coroutineScope

/**
 * The Kotlin code shown in the README, compiled and tested so it cannot go stale. Each region between
 * `README-BEGIN: name` and `README-END` is a code block of the README (ReadmeSnippetsTest compares them).
 * Every snippet may run again against the same QEMU: whatever state an earlier run left, it gets there first.
 */
object ReadmeKotlinExamples {
    /** What the client example saw, for its tests. */
    data class ClientResult(val status: StatusInfo, val paused: StopEvent, val replayMode: String)

    /** README: "From Kotlin", one client. */
    suspend fun client(socket: Path): ClientResult = coroutineScope {
        // README-BEGIN: kotlin-client
        val qmp = qmpClient {                         // suspends until the monitor is ready
            unixSocket(socket)
            commandTimeout = 5.seconds
        }
        if (!qmp.queryStatus().running()) qmp.cont() // an earlier run may have paused it
        val paused = async(start = CoroutineStart.UNDISPATCHED) { qmp.events<StopEvent>().first() }
        qmp.stop()
        paused.await()
        val status: StatusInfo = qmp.queryStatus()    // status() is RunState.PAUSED
        qmp.blockdevAdd { nullCo { nodeName = "disk0" } }     // argument DSL: a disk that reads zeros
        qmp.blockdevDel { nodeName = "disk0" }
        data class Replay(val mode: String, val icount: Long) // your own class, decoded by jackson-module-kotlin
        val replay: Replay = qmp.executeRawAs("query-replay") // QEMU 5.2+: newer than the compiled schema
        qmp.close()
        // README-END
        ClientResult(status, paused.await(), replay.mode)
    }

    /** README: "From Kotlin", a fleet. Returns the ids of the VMs whose STOP was seen. */
    suspend fun fleet(web1: Path, web2: Path): List<String> = coroutineScope {
        // README-BEGIN: kotlin-fleet
        val stopped = qmpFleet {                      // connects both concurrently
            vm("web-1") { unixSocket(web1) }
            vm("web-2") { unixSocket(web2) }
        }.use { fleet ->                              // closed however the block ends, cancellation included
            for (id in fleet.vmIds) fleet[id]!!.cont() // running, whatever an earlier run left
            val stops = async(start = CoroutineStart.UNDISPATCHED) { fleet.events<StopEvent>().take(2).toList() }
            for (id in fleet.vmIds) fleet[id]!!.stop()
            stops.await().map { it.vmId() }
        }
        println("paused: $stopped")
        // README-END
        stopped
    }
}
