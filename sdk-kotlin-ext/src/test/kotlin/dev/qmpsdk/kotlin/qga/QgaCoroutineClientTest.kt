package dev.qmpsdk.kotlin.qga

import dev.qmpsdk.core.QmpCommandException
import dev.qmpsdk.core.QmpTimeoutException
import dev.qmpsdk.kotlin.real
import dev.qmpsdk.reactive.qga.QgaState
import dev.qmpsdk.testkit.FakeGuestAgent
import dev.qmpsdk.testkit.Reply
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class QgaCoroutineClientTest {
    data class AgentInfo(val version: String)

    @Test
    fun suspendCommandsAgainstAFakeAgent() = runBlocking {
        FakeGuestAgent.startUnix().on("guest-info", Reply.ok("{\"version\": \"7.2.22\", \"supported_commands\": []}"))
            .on("guest-fsfreeze-freeze", Reply.error("GenericError", "not permitted")).use { agent ->
                real {
                    val qga = qgaClient { unixSocket(agent.socketPath()); syncTimeout = 500.milliseconds }
                    assertEquals(QgaState.READY, qga.states().first())
                    assertEquals("7.2.22", qga.executeRaw("guest-info").path("version").asText())
                    val info: AgentInfo = qga.executeRawAs("guest-info")
                    assertEquals(AgentInfo("7.2.22"), info)
                    val e = assertThrows<QmpCommandException> { qga.executeRaw("guest-fsfreeze-freeze") }
                    assertTrue(e.message!!.contains("not permitted"), e.message)
                    qga.close()
                    assertEquals(QgaState.CLOSED, qga.state)
                }
            }
    }

    @Test
    fun noAgentAnswerFailsAtTheReadyDeadline() = runBlocking {
        FakeGuestAgent.startUnix().answerSyncs(false).use { agent ->
            real {
                val e = assertThrows<QmpTimeoutException> {
                    qgaClient { unixSocket(agent.socketPath()); syncTimeout = 100.milliseconds; readyTimeout = 2.seconds }
                }
                assertTrue(e.message!!.contains(agent.socketPath().toString()), e.message)
            }
        }
    }
}
