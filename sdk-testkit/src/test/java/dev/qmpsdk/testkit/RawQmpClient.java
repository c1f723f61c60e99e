package dev.qmpsdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.JsonFrameScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** A bare QMP client for tests: writes bytes, reads whole JSON values (framed by value) with a timeout. */
final class RawQmpClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SocketChannel channel;
    private final Selector selector;
    private final JsonFrameScanner scanner = new JsonFrameScanner();
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private final Deque<String> frames = new ArrayDeque<>();
    private final ByteArrayOutputStream rawSinceLastFrame = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private boolean eof;

    private RawQmpClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    static RawQmpClient connect(SocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                : StandardProtocolFamily.INET);
        channel.connect(address);
        return new RawQmpClient(channel);
    }

    /** Connects and reads the greeting. */
    static RawQmpClient connectAndGreet(SocketAddress address) throws IOException {
        RawQmpClient client = connect(address);
        client.readGreeting();
        return client;
    }

    /**
     * The greeting, after any events before it: a client that connects while QEMU is still starting the VM can get the
     * VM's {@code RESUME} before the greeting or right after it (seen with QEMU 7.2 right after its socket listens).
     */
    JsonNode readGreeting() throws IOException {
        JsonNode message = readSkippingEvents();
        if (!message.has("QMP")) {
            throw new AssertionError("expected a greeting, got " + message);
        }
        return message;
    }

    /** The next message that is not an event: for the handshake, where only QEMU's startup {@code RESUME} can come between. */
    JsonNode readSkippingEvents() throws IOException {
        JsonNode message = read();
        while (message.has("event")) {
            message = read();
        }
        return message;
    }

    /** Connects, reads the greeting and negotiates capabilities. */
    static RawQmpClient negotiated(SocketAddress address) throws IOException {
        RawQmpClient client = connectAndGreet(address);
        client.send("{\"execute\": \"qmp_capabilities\"}");
        JsonNode reply = client.readSkippingEvents();
        if (!reply.has("return")) {
            throw new AssertionError("qmp_capabilities failed: " + reply);
        }
        return client;
    }

    void send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** The next JSON value, parsed. */
    JsonNode read() throws IOException {
        return QapiJson.TREE_MAPPER.readTree(readText(TIMEOUT));
    }

    /** The next JSON value as the exact text sent. */
    String readText(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.isEmpty()) {
            if (eof) {
                throw new AssertionError("connection closed while waiting for a message; bytes after the last message: "
                        + rawSinceLastFrame.toString(StandardCharsets.UTF_8));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no message within " + timeout);
            }
            fill(Math.max(1, left / 1_000_000));
        }
        return frames.removeFirst();
    }

    /** Bytes received since the last complete value (a partial frame before a disconnect). */
    String pendingBytes() {
        return rawSinceLastFrame.toString(StandardCharsets.UTF_8);
    }

    /** Asserts that nothing arrives during this time. */
    void expectSilence(Duration duration) throws IOException {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while (frames.isEmpty() && (left = deadline - System.nanoTime()) > 0 && !eof) {
            fill(Math.max(1, left / 1_000_000));
        }
        if (!frames.isEmpty()) {
            throw new AssertionError("expected silence, got " + frames.peekFirst());
        }
    }

    /**
     * Waits for the server to close the connection; returns the bytes that came after the last complete
     * value, without the white space that separated them from it.
     */
    String awaitEof(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eof) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("connection still open after " + timeout);
            }
            fill(Math.max(1, left / 1_000_000));
        }
        return pendingBytes().stripLeading();
    }

    boolean isEof() {
        return eof;
    }

    private void fill(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
        selector.selectedKeys().clear();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            eof = true; // a reset counts as the end
            return;
        }
        if (n < 0) {
            eof = true;
            return;
        }
        byte[] bytes = buffer.array();
        for (int i = 0; i < n; i++) {
            byte b = bytes[i];
            rawSinceLastFrame.write(b);
            switch (scanner.next(b)) {
                case FRAME_START, INSIDE -> frame.write(b);
                case FRAME_END -> {
                    frame.write(b);
                    frames.addLast(frame.toString(StandardCharsets.UTF_8));
                    frame.reset();
                    rawSinceLastFrame.reset();
                }
                default -> { }
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
