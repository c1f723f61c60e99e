package dev.qmpsdk.reactive.qga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.QemuProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest agent client on the host end of a real QEMU 7.2's virtio-serial chardev, the way a VM exposes qemu-ga,
 * with no guest behind it (the CPUs never start): QEMU accepts the connection, nothing answers the sync, and the
 * client must say so within its deadlines, close without hanging, and leave the chardev and QEMU as they were.
 */
class QemuGuestAgentChardevIT {
    /** Only a guard against hangs: every wait below ends on a far shorter deadline of the client's. */
    private static final Duration T = Duration.ofSeconds(10);
    private static final Duration SYNC_TIMEOUT = Duration.ofMillis(300);
    private static final Duration READY_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    private static QemuProcess qemuWithAgentChardev(Path socket) {
        return QemuProcess.builder().qmpUnixSocket().machine("q35")
                .extraArgs("-S",   // no guest runs: the port's guest side is never opened, as before qemu-ga starts
                        "-chardev", "socket,path=" + socket + ",server=on,wait=off,id=qga0",
                        "-device", "virtio-serial",
                        "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0")
                .start();
    }

    private static QgaClientOptions options(Path socket) {
        return QgaClientOptions.unix(socket).syncTimeout(SYNC_TIMEOUT).readyTimeout(READY_TIMEOUT).commandTimeout(COMMAND_TIMEOUT)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)).build();
    }

    @Test
    void aChardevWithNoAgentBehindItIsConnectedButNeverSynchronisedAndQemuIsUnharmed(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qga.sock");
        try (QemuProcess qemu = qemuWithAgentChardev(socket)) {
            assertTrue(Files.exists(socket), "QEMU made the chardev's socket " + socket + "; stderr: " + qemu.stderr());
            QmpClient monitor = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).commandTimeout(T).build()).block(T);
            try {
                QgaClient agent = QgaClient.create(options(socket));
                List<QgaState> states = new CopyOnWriteArrayList<>();
                agent.states().subscribe(states::add);
                CompletableFuture<Void> ready = agent.connect().toFuture();
                awaitState(agent, QgaState.SYNCING);
                assertTrue(chardevConnected(monitor), "QEMU accepted the client on qga0: " + chardev(monitor));
                assertFalse(chardev(monitor).path("frontend-open").asBoolean(true), "no guest opened the port: " + chardev(monitor));

                // A command waits for a sync that is never answered and fails at its own deadline, never sent.
                long start = System.nanoTime();
                Throwable ping = failure(agent.executeRaw("guest-ping", null).toFuture());
                long pingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                QmpTimeoutException pingTimeout = assertInstanceOf(QmpTimeoutException.class, ping);
                assertTrue(pingTimeout.getMessage().contains("'guest-ping'") && pingTimeout.getMessage().contains("never sent")
                        && pingTimeout.getMessage().contains("syncing"), pingTimeout.getMessage());
                assertTrue(pingMillis >= COMMAND_TIMEOUT.toMillis(), "guest-ping failed after " + pingMillis + " ms, before its deadline");

                // connect() gives up at the ready deadline, saying the socket is open but no agent answers.
                QmpTimeoutException notReady = assertInstanceOf(QmpTimeoutException.class, failure(ready));
                String message = notReady.getMessage();
                assertTrue(message.contains(socket.toString()), message);
                assertTrue(message.contains("socket accepted the connection") && message.contains("no agent answered guest-sync-delimited")
                        && message.contains("is qemu-ga running in the guest"), message);
                assertEquals(List.of(QgaState.WAITING, QgaState.SYNCING, QgaState.FAILED), states,
                        "QEMU kept the connection open (no WAITING again): only the sync went unanswered");
                agent.close().block(T);
                assertEquals(QgaState.FAILED, agent.state());

                // QEMU survived the 0xFF and sync bytes, its monitor answers, and its chardev takes the next client.
                assertTrue(qemu.isAlive(), "QEMU exited: " + qemu.exitStatus() + "; stderr: " + qemu.stderr());
                assertEquals("prelaunch", monitor.executeRaw("query-status", null).block(T).path("status").asText());
                QgaClient second = QgaClient.create(options(socket));
                CompletableFuture<Void> secondReady = second.connect().toFuture();
                awaitState(second, QgaState.SYNCING);
                assertTrue(chardevConnected(monitor), "QEMU accepted a second client on qga0: " + chardev(monitor));

                // close() while synchronising ends the wait at once, and QEMU sees the hang-up.
                second.close().block(T);
                assertEquals(QgaState.CLOSED, second.state());
                QmpConnectionException closed = assertInstanceOf(QmpConnectionException.class, failure(secondReady));
                assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
                awaitChardevDisconnected(monitor);
                assertTrue(qemu.isAlive(), "QEMU exited: " + qemu.exitStatus() + "; stderr: " + qemu.stderr());
            } finally {
                monitor.close().block(T);
            }
        }
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(T.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** qga0 in {@code query-chardev}; QEMU names a socket chardev with no client {@code disconnected:...}. */
    private static JsonNode chardev(QmpClient monitor) {
        JsonNode all = monitor.executeRaw("query-chardev", null).block(T);
        return StreamSupport.stream(all.spliterator(), false).filter(c -> c.path("label").asText().equals("qga0")).findFirst()
                .orElseThrow(() -> new AssertionError("no chardev qga0 in " + all));
    }

    private static boolean chardevConnected(QmpClient monitor) {
        return !chardev(monitor).path("filename").asText().startsWith("disconnected:");
    }

    private static void awaitChardevDisconnected(QmpClient monitor) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (chardevConnected(monitor)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("QEMU still sees a client on qga0 after close(): " + chardev(monitor));
            }
            Thread.sleep(20);
        }
    }

    private static void awaitState(QgaConnection client, QgaState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (client.state() != wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client did not become " + wanted + " within " + T + "; it is " + client.state());
            }
            Thread.sleep(5);
        }
    }
}
