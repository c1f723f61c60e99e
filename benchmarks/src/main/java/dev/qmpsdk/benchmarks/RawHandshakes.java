package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.fake.FrameScanner;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline for connecting many monitors: ONE thread with a {@link Selector} connects, reads each greeting
 * and negotiates capabilities (asking for {@code oob}, as the SDK does when offered), a fixed number of
 * handshakes at a time, with nothing per connection but the channel and a frame scanner. What it returns is
 * all a client must keep for an idle connection.
 *
 * <pre>{@code
 * List<SocketChannel> idle = RawHandshakes.connectAll(socket, 10_000, 64, Duration.ofMinutes(2));
 * }</pre>
 */
public final class RawHandshakes {
    private static final byte[] CAPABILITIES =
            "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}, \"id\": 0}".getBytes(StandardCharsets.US_ASCII);

    private RawHandshakes() {}

    /**
     * Opens {@code count} connections to {@code socket}, at most {@code parallel} handshakes in flight, and
     * returns them negotiated, non-blocking and registered with no selector; closes them all if one fails.
     */
    public static List<SocketChannel> connectAll(Path socket, int count, int parallel, Duration timeout) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        List<SocketChannel> all = new ArrayList<>(count);
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        long deadline = System.nanoTime() + timeout.toNanos();
        int done = 0;
        try (Selector selector = Selector.open()) {
            while (done < count) {
                while (all.size() - done < parallel && all.size() < count) {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    all.add(ch);
                    ch.connect(address);
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, new Handshake());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(done + " of " + count + " handshakes with " + socket + " done after " + timeout);
                }
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (((Handshake) k.attachment()).read((SocketChannel) k.channel(), buffer)) {
                        k.cancel();
                        done++;
                    }
                }
                selector.selectedKeys().clear();
            }
            selector.selectNow(); // deregisters the cancelled keys, so the channels can join another selector
            return all;
        } catch (IOException | RuntimeException e) {
            for (SocketChannel ch : all) {
                ch.close();
            }
            throw e;
        }
    }

    /** One connection's progress: waiting for the greeting, then for the reply to {@code qmp_capabilities}. */
    private static final class Handshake {
        private final FrameScanner scanner = new FrameScanner();
        private boolean greeted;

        /** Reads what is there; true once capabilities are negotiated. */
        boolean read(SocketChannel ch, ByteBuffer buffer) throws IOException {
            buffer.clear();
            int n = ch.read(buffer);
            if (n < 0) {
                throw new EOFException("the server closed a connection during the handshake");
            }
            for (int i = 0; i < n; i++) {
                if (scanner.feed(buffer.get(i))) {
                    if (greeted) {
                        return true; // the reply; nothing else is sent before it
                    }
                    greeted = true;
                    ByteBuffer request = ByteBuffer.wrap(CAPABILITIES);
                    while (request.hasRemaining()) {
                        ch.write(request); // an empty socket takes 80 bytes at once
                    }
                }
            }
            return false;
        }
    }
}
