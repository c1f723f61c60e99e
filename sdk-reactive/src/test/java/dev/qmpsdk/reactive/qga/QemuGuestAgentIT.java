package dev.qmpsdk.reactive.qga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.reactive.qga.testschema.QmpCommands;
import dev.qmpsdk.reactive.qga.testschema.TestGuestAgent;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestAgentCommandInfo;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestAgentInfo;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestExecStatus;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestFileRead;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestFsfreezeStatus;
import dev.qmpsdk.reactive.qga.testschema.qgatestschema.GuestOSInfo;
import dev.qmpsdk.testkit.QemuGuestAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest agent client against a real qemu-ga 7.2 run on the host ({@link QemuGuestAgent}: it answers about the
 * host; commands that would change the host are blocked): the typed commands of the tests' own QGA schema, an agent
 * that comes up after the client, restarts mid-session, is killed while a command is in flight, and answers late.
 */
class QemuGuestAgentIT {
    private static final Duration T = Duration.ofSeconds(20);

    private static QgaClientOptions.Builder options(QemuGuestAgent agent) {
        return QgaClientOptions.unix(agent.socketPath()).readyTimeout(T).syncTimeout(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    @Test
    void typedCommandsOfTheTestSchemaAgainstQemuGa(@TempDir Path dir) throws Exception {
        try (QemuGuestAgent agent = QemuGuestAgent.started()) {
            TestGuestAgent client = TestGuestAgent.connect(options(agent).build()).block(T);
            client.guestPing().block(T);

            GuestAgentInfo info = client.guestInfo().block(T);
            assertTrue(info.version().startsWith("7.2"), info.version());
            GuestAgentCommandInfo shutdown = info.supportedCommands().stream().filter(c -> c.name().equals("guest-shutdown")).findFirst().orElseThrow();
            assertFalse(shutdown.successResponse(), "qemu-ga says guest-shutdown sends no reply on success");
            assertFalse(shutdown.enabled(), "blocked by the test kit");

            GuestOSInfo os = client.guestGetOsinfo().block(T);
            Process uname = new ProcessBuilder("uname", "-m").start();
            assertEquals(new String(uname.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(), os.machine(), "the host's uname -m");
            assertTrue(os.kernelRelease() != null && !os.kernelRelease().isEmpty(), os.toString());

            long nanos = client.guestGetTime().block(T);
            long skewMillis = Math.abs(nanos / 1_000_000 - System.currentTimeMillis());
            assertTrue(skewMillis < 60_000, "the agent's clock is the host's: " + skewMillis + " ms apart");

            assertEquals(GuestFsfreezeStatus.THAWED, client.guestFsfreezeStatus().block(T));

            long pid = client.guestExec(b -> b.path("/bin/sh").arg(List.of("-c", "printf hello-from-the-guest")).captureOutput(true))
                    .block(T).pid();
            GuestExecStatus status = awaitExit(client, pid);
            assertEquals(0L, status.exitcode());
            assertEquals("hello-from-the-guest", new String(Base64.getDecoder().decode(status.outData()), StandardCharsets.UTF_8));

            Path file = Files.writeString(dir.resolve("read-me.txt"), "read through the guest agent");
            long handle = client.guestFileOpen(b -> b.path(file.toString()).mode("r")).block(T);
            GuestFileRead read = client.guestFileRead(b -> b.handle(handle).count(1024L)).block(T);
            client.guestFileClose(b -> b.handle(handle)).block(T);
            assertEquals("read through the guest agent", new String(Base64.getDecoder().decode(read.bufB64()), StandardCharsets.UTF_8));
            assertTrue(read.eof());

            // guest-shutdown sends no reply on success; blocked here, the agent answers with an error, which the caller gets.
            QmpCommandException refused = assertThrows(QmpCommandException.class, () -> client.guestShutdown().block(T));
            assertTrue(refused.getMessage().contains("disabled"), refused.getMessage());
            client.guestPing().block(T);
            client.close().block(T);
        }
    }

    private static GuestExecStatus awaitExit(TestGuestAgent client, long pid) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < deadline) {
            GuestExecStatus status = client.guestExecStatus(b -> b.pid(pid)).block(T);
            if (status.exited()) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("guest-exec pid " + pid + " did not exit within " + T);
    }

    @Test
    void aClientStartedBeforeTheAgentWaitsForIt() throws Exception {
        try (QemuGuestAgent agent = QemuGuestAgent.create()) {
            QgaClient client = QgaClient.create(options(agent).build());
            List<QgaState> states = new CopyOnWriteArrayList<>();
            client.states().subscribe(states::add);
            CompletableFuture<Void> ready = client.connect().toFuture();
            Thread.sleep(500);
            assertFalse(ready.isDone(), "no agent yet");
            assertEquals(QgaState.WAITING, client.state());
            agent.start();
            ready.get(T.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertEquals(List.of(QgaState.WAITING, QgaState.SYNCING, QgaState.READY), states);
            assertTrue(client.executeRaw("guest-info", null).block(T).path("version").asText().startsWith("7.2"));
            client.close().block(T);
            assertEquals(QgaState.CLOSED, states.get(states.size() - 1));
        }
    }

    @Test
    void noAgentFailsConnectAtTheReadyDeadlineNamingTheSocket() {
        try (QemuGuestAgent agent = QemuGuestAgent.create()) {
            QgaClient client = QgaClient.create(options(agent).readyTimeout(Duration.ofMillis(500)).build());
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> client.connect().block(T));
            assertTrue(e.getMessage().contains("no socket at " + agent.socketPath()), e.getMessage());
            assertEquals(QgaState.FAILED, client.state());
        }
    }

    @Test
    void anAgentStoppedAndRestartedMidSessionIsWaitedForAndSynchronisedAgain() {
        try (QemuGuestAgent agent = QemuGuestAgent.started()) {
            TestGuestAgent client = TestGuestAgent.connect(options(agent).build()).block(T);
            List<QgaState> states = new CopyOnWriteArrayList<>();
            client.states().subscribe(states::add);
            client.guestPing().block(T);
            agent.stop();
            awaitState(client, QgaState.WAITING);
            agent.start();
            client.guestPing().block(T);
            agent.kill();
            awaitState(client, QgaState.WAITING);
            agent.start();
            assertTrue(client.guestInfo().block(T).version().startsWith("7.2"));
            assertEquals(List.of(QgaState.READY, QgaState.WAITING, QgaState.SYNCING, QgaState.READY, QgaState.WAITING, QgaState.SYNCING,
                    QgaState.READY), states);
            client.close().block(T);
        }
    }

    @Test
    void killingTheAgentDuringAGuestExecFailsTheCommandInFlightAndTheClientCarriesOn() throws Exception {
        try (QemuGuestAgent agent = QemuGuestAgent.started()) {
            TestGuestAgent client = TestGuestAgent.connect(options(agent).build()).block(T);
            long pid = client.guestExec(b -> b.path("/bin/sleep").arg(List.of("30"))).block(T).pid();
            assertFalse(client.guestExecStatus(b -> b.pid(pid)).block(T).exited());
            agent.pause();   // the next status request stays in flight...
            CompletableFuture<GuestExecStatus> inFlight = client.guestExecStatus(b -> b.pid(pid)).toFuture();
            Thread.sleep(200);
            agent.kill();    // ...until the agent dies under it
            Exception e = assertThrows(Exception.class, () -> inFlight.get(T.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
            assertTrue(e.getCause() instanceof QmpConnectionException, String.valueOf(e.getCause()));
            agent.start();
            // The new agent does not know the old one's child: an error from the agent, not a hang or a stale answer.
            QmpCommandException unknown = assertThrows(QmpCommandException.class, () -> client.guestExecStatus(b -> b.pid(pid)).block(T));
            assertTrue(unknown.getMessage().contains("pid"), unknown.getMessage());
            client.guestPing().block(T);
            client.close().block(T);
            new ProcessBuilder("/bin/sh", "-c", "kill " + pid + " 2>/dev/null").start().waitFor();
        }
    }

    @Test
    void aLateReplyFromAPausedAgentIsDiscardedAfterTheTimeout() {
        try (QemuGuestAgent agent = QemuGuestAgent.started()) {
            TestGuestAgent client = TestGuestAgent.connect(options(agent).build()).block(T);
            agent.pause();
            assertThrows(QmpTimeoutException.class, () -> client.execute(QmpCommands.GUEST_PING, null, Duration.ofMillis(300)).block(T));
            agent.resume();   // it now answers the ping (stale), the 0xFF, then the new sync
            GuestAgentInfo info = client.guestInfo().block(T);
            assertTrue(info.version().startsWith("7.2"), "guest-info got its own answer, not the stale ping's: " + info);
            assertEquals(QgaState.READY, client.state());
            client.close().block(T);
        }
    }

    private static void awaitState(QgaConnection client, QgaState wanted) {
        long deadline = System.nanoTime() + T.toNanos();
        while (client.state() != wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client did not become " + wanted + " within " + T + "; it is " + client.state());
            }
            Thread.onSpinWait();
        }
    }
}
