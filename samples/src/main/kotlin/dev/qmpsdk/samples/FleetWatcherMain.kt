@file:JvmName("FleetWatcherMain")

package dev.qmpsdk.samples

import dev.qmpsdk.core.QmpException
import dev.qmpsdk.kotlin.QmpCoroutineFleet
import dev.qmpsdk.kotlin.qmpFleet
import dev.qmpsdk.kotlin.use
import dev.qmpsdk.reactive.QmpResources
import dev.qmpsdk.reactive.OverflowPolicy
import dev.qmpsdk.testkit.Reply
import dev.qmpsdk.testkit.SimulatedVm
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import java.nio.file.Path
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.seconds

/**
 * Connects to every socket with the fleet DSL, all concurrently. Each VM gets the bounded, oldest-dropping event
 * buffer that [FleetWatcher] relies on: a status log values the newest events most.
 */
suspend fun connectFleet(sockets: Map<String, Path>): QmpCoroutineFleet = qmpFleet {
    for ((id, socket) in sockets) {
        vm(id) {
            unixSocket(socket)
            commandTimeout = 5.seconds
            eventBufferSize = 256
            overflowPolicy = OverflowPolicy.DROP_OLDEST
        }
    }
}

/**
 * Drives every VM once, each in its own child coroutine (the first failure cancels the others): pause, ask the
 * human monitor what it sees, resume, reset. Each VM then has sent STOP, RESUME and RESET, in that order.
 * Returns each VM's `info status` answer while it was paused.
 */
suspend fun driveOnce(fleet: QmpCoroutineFleet): Map<String, String> = coroutineScope {
    fleet.vmIds.sorted().map { id ->
        async {
            val vm = fleet[id] ?: throw IllegalStateException("VM '$id' is not connected")
            vm.stop()
            val paused = vm.humanMonitorCommand { commandLine = "info status" } // an argument DSL
            vm.cont()
            vm.systemReset()
            id to paused.trim()
        }
    }.awaitAll().toMap()
}

/** A [SimulatedVm] that also answers `human-monitor-command` `info status` from its run state, as QEMU does. */
fun simulatedVm(name: String): SimulatedVm {
    val vm = SimulatedVm.start(name)
    vm.server().on("human-monitor-command") { request ->
        val line = request.arguments()?.get("command-line")?.asText()
        if (line == "info status") {
            Reply.ok("\"VM status: ${vm.status()}\\r\\n\"")
        } else {
            Reply.error("GenericError", "the simulated VM '$name' answers only 'info status', not '$line'")
        }
    }
    return vm
}

/** The lines [simulatedDemo] waits for: STOP, RESUME and RESET from each VM, then SHUTDOWN and RESET from vm-2. */
const val SIMULATED_VMS = 3
const val SIMULATED_LINES = 3 * SIMULATED_VMS + 2

/**
 * What `main` runs without arguments: three simulated VMs watched, driven once, and vm-2's guest powered off (the
 * watcher restarts it). Returns each VM's `info status` while paused, once all [SIMULATED_LINES] lines those
 * commands cause have gone to [out]. Leaving, normally or by cancellation, closes the fleet and the VMs.
 */
suspend fun simulatedDemo(out: suspend (String) -> Unit): Map<String, String> {
    val vms = (1..SIMULATED_VMS).map { simulatedVm("vm-$it") }
    try {
        return connectFleet(vms.associate { it.name() to it.socketPath() }).use { fleet ->
            coroutineScope {
                val written = MutableStateFlow(0)
                val watcher = launch(start = CoroutineStart.UNDISPATCHED) {
                    FleetWatcher(fleet).watch { line ->
                        out(line)
                        written.update { it + 1 }
                    }
                }
                val paused = driveOnce(fleet)
                fleet["vm-2"]!!.systemPowerdown() // POWERDOWN, then the guest's SHUTDOWN; the watcher resets it
                withTimeoutOrNull(10.seconds) { written.first { it >= SIMULATED_LINES } }
                    ?: throw IllegalStateException("only ${written.value} of $SIMULATED_LINES lines within 10 s; per VM: " +
                        fleet.vmIds.sorted().joinToString { id -> "$id ${fleet[id]?.reactive?.stats()}" })
                watcher.cancel()
                paused
            }
        }
    } finally {
        vms.forEach { it.close() }
    }
}

/**
 * Watches the VMs behind [sockets] until cancelled, after driving them once when [drive] is set. Cancellation
 * (Ctrl-C in `main`) leaves the `use` block, which closes every connection.
 */
suspend fun watchSockets(sockets: Map<String, Path>, drive: Boolean, out: suspend (String) -> Unit) {
    connectFleet(sockets).use { fleet ->
        coroutineScope {
            launch(start = CoroutineStart.UNDISPATCHED) { FleetWatcher(fleet).watch(out) }
            if (drive) {
                driveOnce(fleet).forEach { (vm, status) -> System.err.println("$vm while paused: $status") }
            }
        }
    }
}

/** `web-1=/run/web-1.qmp`, or a bare path: the VM is then named after the file (`/run/web-1.qmp` is `web-1`). */
fun parseSockets(args: List<String>): Map<String, Path> {
    val sockets = LinkedHashMap<String, Path>()
    for (arg in args) {
        require(!arg.startsWith("-")) { "unknown option '$arg'; usage: $USAGE" }
        val id = if ('=' in arg) arg.substringBefore('=') else Path.of(arg).fileName.toString().substringBeforeLast('.')
        val path = Path.of(if ('=' in arg) arg.substringAfter('=') else arg)
        require(id.isNotEmpty()) { "no VM id before '=' in '$arg'; usage: $USAGE" }
        require(sockets.put(id, path) == null) { "two sockets for VM '$id'" }
    }
    return sockets
}

private const val USAGE = "FleetWatcherMain [--drive] [id=]socket... (no sockets: three simulated VMs)"

/**
 * `java -cp samples/target/qmp-samples.jar dev.qmpsdk.samples.FleetWatcherMain [--drive] [id=]socket...`
 *
 * JSON lines on stdout, everything else on stderr. Without sockets: [simulatedDemo], then exit. With sockets:
 * watches those VMs until Ctrl-C (`--drive` drives them once first: stop, info status, cont, system_reset).
 */
fun main(args: Array<String>) {
    val drive = "--drive" in args
    val sockets = try {
        parseSockets(args.filter { it != "--drive" })
    } catch (e: IllegalArgumentException) {
        System.err.println("fleet-watcher: ${e.message}")
        exitProcess(2)
    }
    try {
        // On the default dispatcher, not runBlocking's one thread: the sink, the watcher and each VM's driver run in
        // parallel, as they would in a service.
        runBlocking(Dispatchers.Default) {
            if (sockets.isEmpty()) {
                simulatedDemo { println(it) }.forEach { (vm, status) -> System.err.println("$vm while paused: $status") }
                return@runBlocking
            }
            val watching = launch { watchSockets(sockets, drive) { println(it) } }
            // Ctrl-C: cancel the watcher and wait, so the connections are closed before the JVM exits.
            Runtime.getRuntime().addShutdownHook(Thread { runBlocking { watching.cancelAndJoin() } })
            watching.join()
        }
    } catch (e: QmpException) {
        System.err.println("fleet-watcher: ${e.message}")
        exitProcess(3)
    } finally {
        QmpResources.shutdown()   // the fleet is closed: end the SDK's shared threads, so the JVM exits at once
    }
}
