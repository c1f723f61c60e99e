package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.qapi.QmpCommands;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that cannot be written ends the connection before its command fails: the caller's error callback, and
 * whatever it sends next, see the terminal state, not READY. The server here negotiates and then shuts down its
 * reading side only, so the client's next write fails with a broken pipe while its own reading side sees no end yet.
 */
class QmpClientWriteFailureTest {
    @Test
    void aBrokenPipeEndsTheSessionBeforeTheCommandFails(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> negotiate(listener));
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(socket).connectTimeout(T).commandTimeout(T).build()).block(T);
            try (SocketChannel server = accepted.get(T.toSeconds(), TimeUnit.SECONDS)) {
                server.shutdownInput();   // the client's next write: EPIPE
                AtomicReference<ConnectionState> stateInCallback = new AtomicReference<>();
                CompletableFuture<?> first = client.execute(QmpCommands.QUERY_STATUS, null)
                        .doOnError(e -> stateInCallback.set(client.state())).toFuture();
                Throwable failure = QmpClientCommandTest.unwrap(first.handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS));
                assertInstanceOf(QmpConnectionException.class, failure);
                assertTrue(failure.getMessage().startsWith("cannot send 'query-status'"), failure.getMessage());
                assertTrue(failure.getMessage().contains("Broken pipe"), failure.getMessage());
                // A broken pipe is the server's end, like an end of stream: CLOSED, whichever the client saw first.
                assertEquals(ConnectionState.CLOSED, stateInCallback.get(), "the state the failing command's callback saw");
                Throwable next = QmpClientCommandTest.unwrap(client.execute(QmpCommands.QUERY_STATUS, null).toFuture()
                        .handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS));
                assertTrue(next.getMessage().contains("is closed"), "the next command is refused unsent: " + next.getMessage());
            } finally {
                client.close().block(T);
                Files.deleteIfExists(socket);
            }
        }
    }

    /** Accepts one client, greets it and answers its qmp_capabilities. */
    private static SocketChannel negotiate(ServerSocketChannel listener) {
        try {
            SocketChannel ch = listener.accept();
            write(ch, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": []}}\r\n");
            ByteBuffer in = ByteBuffer.allocate(4096);
            StringBuilder request = new StringBuilder();
            while (!request.toString().contains("qmp_capabilities") || !request.toString().contains("}")) {
                in.clear();
                if (ch.read(in) < 0) {
                    throw new IllegalStateException("the client hung up during the handshake");
                }
                request.append(StandardCharsets.UTF_8.decode(in.flip()));
            }
            String id = request.toString().replaceAll("(?s).*\"id\":\\s*([0-9]+).*", "$1");
            write(ch, "{\"return\": {}, \"id\": " + id + "}\r\n");
            return ch;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(SocketChannel ch, String text) throws java.io.IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }
}
