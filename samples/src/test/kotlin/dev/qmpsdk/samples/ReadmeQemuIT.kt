package dev.qmpsdk.samples

import dev.qmpsdk.core.qapi.runstate.RunState
import dev.qmpsdk.testkit.QemuProcess
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTimeoutPreemptively
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.function.ThrowingSupplier
import java.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Every README snippet that talks to QEMU, against two real QEMUs started as the README says
 * (`qemu-system-x86_64 -machine none -nodefaults -display none -qmp unix:...,server=on,wait=off`), and each
 * twice in a row on the same QEMUs: a snippet must not depend on the state an earlier run left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeQemuIT {
    private lateinit var vm1: QemuProcess
    private lateinit var vm2: QemuProcess

    @BeforeAll
    fun startQemus() {
        vm1 = QemuProcess.builder().qmpUnixSocket().start()
        vm2 = QemuProcess.builder().qmpUnixSocket().start()
    }

    @AfterAll
    fun stopQemus() {
        if (::vm1.isInitialized) vm1.close()
        if (::vm2.isInitialized) vm2.close()
    }

    @Test
    fun everySnippetRunsTwiceOnTheSameQemus() {
        for (run in 1..2) {
            val java = assertTimeoutPreemptively(Duration.ofSeconds(30), ThrowingSupplier { ReadmeExamples.commandAndEvents(vm1.socketPath()) },
                "Java client snippet, run $run")
            assertEquals(RunState.PAUSED, java.status(), "Java client snippet, run $run")

            val paused = assertTimeoutPreemptively(Duration.ofSeconds(30), ThrowingSupplier { ReadmeExamples.fleet(listOf(vm1.socketPath(), vm2.socketPath())) },
                "Java fleet snippet, run $run")
            assertEquals(2L, paused, "Java fleet snippet, run $run")

            val known = assertTimeoutPreemptively(Duration.ofSeconds(30), ThrowingSupplier { ReadmeExamples.capabilities(vm2.socketPath()) },
                "Java capability snippet, run $run")
            assertEquals(false, known.hasQueryCpus(), "QEMU 7.2 has no query-cpus, run $run")
            assertEquals(0, known.cpus(), "-machine none: query-cpus-fast runs and lists no CPU, run $run")
            assertEquals(true, known.multifd(), "QEMU 7.2 has multifd, run $run")
            assertEquals(true, known.refused().startsWith("the server (QEMU 7.2."), known.refused())

            runBlocking(Dispatchers.Default) {
                val kotlin = withTimeout(30.seconds) { ReadmeKotlinExamples.client(vm1.socketPath()) }
                assertEquals(RunState.PAUSED, kotlin.status.status(), "Kotlin client snippet, run $run")
                assertEquals("STOP", kotlin.paused.eventName(), "Kotlin client snippet, run $run")
                assertEquals("none", kotlin.replayMode, "Kotlin client snippet, run $run")

                val stopped = withTimeout(30.seconds) { ReadmeKotlinExamples.fleet(vm1.socketPath(), vm2.socketPath()) }
                assertEquals(setOf("web-1", "web-2"), stopped.toSet(), "Kotlin fleet snippet, run $run")
            }
        }
        assertEquals(true, vm1.isAlive && vm2.isAlive, "both QEMUs still run: ${vm1.stderr()} ${vm2.stderr()}")
    }
}
