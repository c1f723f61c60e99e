package com.example.consumer

import com.example.qmp.QemuClient
import com.example.qmp.kotlin.coroutines
import kotlinx.coroutines.runBlocking

/** The generated Kotlin API of the project's own schema: suspend commands and an argument DSL on the typed client. */
object KotlinCalls {
    /** How many CPUs query-cpus-fast lists, and what HMP's `info cpus` prints, through suspend functions. */
    @JvmStatic
    fun cpusAndHmp(client: QemuClient): Pair<Int, String> = runBlocking {
        val qmp = client.coroutines()
        val cpus = qmp.queryCpusFast()
        val hmp = qmp.humanMonitorCommand { commandLine = "info cpus" }
        cpus.size to hmp
    }
}
