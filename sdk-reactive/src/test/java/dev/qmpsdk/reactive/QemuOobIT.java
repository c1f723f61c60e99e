package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpOobUnavailableException;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.testkit.QemuProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Out-of-band commands on a real QEMU 7.2, answered while the monitor is busy: a {@code blockdev-add} of an NBD node
 * whose server accepts the connection and never speaks holds QEMU's main loop in the NBD handshake (no in-band command
 * is answered meanwhile); {@code query-yank} and {@code yank} (allow-oob in 7.2, absent from the 2.11.2 model) run on
 * the monitor's I/O thread; when the NBD server hangs up, the in-band commands are answered in order.
 */
class QemuOobIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @Test
    void anOobCommandIsAnsweredWhileAnInBandOneHoldsTheMonitor() throws Exception {
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start();
             ServerSocket silentNbd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).commandTimeout(T).build()).block(T);
            try {
                assertTrue(client.oobEnabled(), "QEMU 7.2 offers oob on a -qmp monitor");
                ObjectNode nbd = JSON.objectNode().put("driver", "nbd").put("node-name", "nbd0").put("export", "none");
                nbd.putObject("server").put("type", "inet").put("host", "127.0.0.1").put("port", Integer.toString(silentNbd.getLocalPort()));
                CompletableFuture<JsonNode> blockdevAdd = client.executeRaw("blockdev-add", nbd).toFuture();
                try (Socket held = silentNbd.accept()) {   // QEMU connected and waits for the NBD greeting, forever
                    CompletableFuture<JsonNode> inBand = client.executeRaw("query-status", null).toFuture();

                    JsonNode instances = client.executeRawOob("query-yank", null).block(T);
                    assertTrue(instances.toString().contains("\"node-name\":\"nbd0\""), instances::toString);
                    assertFalse(blockdevAdd.isDone(), "blockdev-add still holds the monitor");
                    assertFalse(inBand.isDone(), "an in-band command waits behind it");

                    ObjectNode yank = JSON.objectNode();
                    yank.putArray("instances").addObject().put("type", "block-node").put("node-name", "nbd0");
                    assertEquals("{}", client.executeRawOob("yank", yank).block(T).toString());
                    assertFalse(inBand.isDone(), "QEMU 7.2's NBD client is still in its handshake (yank reaches its channel only later)");

                    held.close();   // the NBD server hangs up: the handshake fails, the monitor is free again
                    Throwable failed = blockdevAdd.handle((v, e) -> e).get(T.toSeconds(), TimeUnit.SECONDS);
                    QmpCommandException error = assertInstanceOf(QmpCommandException.class, QmpClientCommandTest.unwrap(failed));
                    assertEquals("blockdev-add", error.command());
                    assertEquals("running", inBand.get(T.toSeconds(), TimeUnit.SECONDS).path("status").asText());
                }
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void anOobCommandQemuDoesNotAllowOutOfBandIsQemusTypedError() {
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
            try {
                QmpCommandException e = assertInstanceOf(QmpCommandException.class, QemuFdPassingIT.failure(client.executeRawOob("query-status", null)));
                assertTrue(e.description().contains("does not support OOB"), e.description());
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void oobAskedForOnAConnectionWithoutItFailsUnsentNamingWhy() {
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).requestOob(false).build()).block(T);
            try {
                QmpOobUnavailableException e = assertInstanceOf(QmpOobUnavailableException.class,
                        QemuFdPassingIT.failure(client.executeRawOob("yank", JSON.objectNode().set("instances", JSON.arrayNode()))));
                assertTrue(e.getMessage().contains("requestOob(false)"), e.getMessage());
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
            } finally {
                client.close().block(T);
            }
        }
    }
}
