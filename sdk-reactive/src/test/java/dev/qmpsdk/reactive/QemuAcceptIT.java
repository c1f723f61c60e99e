package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.testkit.QemuProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Accept mode against a real QEMU that connects out ({@code -qmp unix:PATH} without {@code server=on}). */
class QemuAcceptIT {
    private static final Duration T = Duration.ofSeconds(10);

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @Test
    void qemuConnectsToTheListenerAndTheAcceptedClientIsReady(@TempDir Path dir) {
        Path socket = dir.resolve("accept.sock");
        QmpListener listener = QmpClient.listen(QmpClientOptions.unix(socket).build()).block(T);
        assertNotNull(listener);
        try (QemuProcess qemu = QemuProcess.builder().qmpConnectTo(socket).start()) {
            QmpClient client = listener.accept().block(T);
            assertNotNull(client);
            try {
                assertEquals(ConnectionState.READY, client.state());
                assertEquals(7, client.greeting().major());
                assertTrue(client.oobEnabled());
                StepVerifier.create(client.queryStatus())
                        .assertNext(s -> assertEquals(RunState.RUNNING, s.status()))
                        .expectComplete()
                        .verify(T);
                assertTrue(listener.isDisposed(), "one listener accepts one connection, then stops listening");
                StepVerifier.create(client.quit()).expectComplete().verify(T);
                assertTrue(qemu.awaitExit(T), "QEMU exits after quit");
                StepVerifier.create(client.states().last()).expectNext(ConnectionState.CLOSED).expectComplete().verify(T);
            } finally {
                client.close().block(T);
            }
        } finally {
            listener.dispose();
        }
    }
}
