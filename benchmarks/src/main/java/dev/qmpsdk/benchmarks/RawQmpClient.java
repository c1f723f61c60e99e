package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.fake.FrameScanner;
import java.io.ByteArrayOutputStream;
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
import org.jspecify.annotations.Nullable;

/**
 * The baseline: the least a QMP client can do. A blocking {@link SocketChannel} on the same Unix socket, requests
 * framed by hand into one buffer, replies counted by a JSON depth scanner (strings and escapes understood), no
 * typing, no Reactor, no id matching (QMP answers in-band commands in order, so reply k belongs to request k).
 * Everything that arrives after the handshake is counted as a reply: the servers benchmarked send no events.
 */
public final class RawQmpClient implements AutoCloseable {
    private static final byte[] PREFIX = "{\"execute\":\"query-status\",\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WITHOUT_ID = "{\"execute\":\"query-status\"}".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 14);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1 << 14);
    // scanner state, carried across reads
    private final FrameScanner scanner = new FrameScanner();
    /** Cleared by {@link #withoutIds()}. */
    private boolean ids = true;
    /** Set by {@link #waitInSelector()}: replies are awaited in it instead of in a blocking read. */
    private @Nullable Selector selector;

    private RawQmpClient(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects, reads the greeting and negotiates capabilities exactly as the SDK does by default: OOB enabled
     * when offered (it changes how QEMU queues pipelined requests, so both clients must ask for the same).
     */
    public static RawQmpClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        RawQmpClient c = new RawQmpClient(ch);
        String greeting = new String(c.readMessage(), StandardCharsets.UTF_8);
        c.call(greeting.contains("\"oob\"")
                ? "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}, \"id\": 0}"
                : "{\"execute\": \"qmp_capabilities\", \"id\": 0}");
        return c;
    }

    /**
     * From now on requests go without an id, byte for byte what the SDK sends for a command alone on its connection
     * (QEMU reads a monitor a byte per turn of its loop, so request length is part of every round trip; scenario 6
     * compares the SDK with a raw client sending the same bytes, too).
     */
    public RawQmpClient withoutIds() {
        ids = false;
        return this;
    }

    /**
     * From now on {@link #pipeline} waits for replies the way an event loop does: the socket non-blocking, registered
     * with a {@link Selector} (epoll on Linux), read once the selector reports it readable. Still one thread and no
     * hand-off: what this costs over a blocking read is what every event-loop client pays before its own work starts
     * (scenario 6 compares the SDK with both).
     */
    public RawQmpClient waitInSelector() throws IOException {
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        return this;
    }

    /** Reads what has arrived, waiting for it in a blocking read or in the selector; -1 at end of stream. */
    private int readReplies() throws IOException {
        Selector waitIn = selector;
        if (waitIn == null) {
            return channel.read(in);
        }
        int n;
        while ((n = channel.read(in)) == 0) {
            waitIn.select();
            waitIn.selectedKeys().clear();
        }
        return n;
    }

    /** Sends one request and returns the next whole message that is not an event, verbatim (one request at a time only). */
    public byte[] call(String request) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return readMessage();
    }

    /**
     * The next whole message that is not an event: a client that connects while QEMU 7.2 is still starting the VM can
     * get its {@code RESUME} before or after the greeting, before capabilities are negotiated.
     */
    private byte[] readMessage() throws IOException {
        byte[] frame = readFrame();
        while (isEvent(frame)) {
            frame = readFrame();
        }
        return frame;
    }

    private static boolean isEvent(byte[] frame) {
        return isEvent(new String(frame, 0, Math.min(frame.length, 16), StandardCharsets.US_ASCII));
    }

    /**
     * Whether a whole message (leading whitespace allowed) is an event, by its first member: QEMU writes an event's
     * {@code timestamp} first, the fake servers {@code event}.
     */
    static boolean isEvent(String message) {
        String start = message.stripLeading();
        return start.startsWith("{\"timestamp\"") || start.startsWith("{\"event\"");
    }

    private byte[] readFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while (true) {
            in.clear();
            in.limit(1); // byte at a time is fine for the handshake and the one-off schema capture
            if (channel.read(in) < 0) {
                throw new EOFException("server closed the connection");
            }
            byte c = in.get(0);
            frame.write(c);
            if (scanner.feed(c)) {
                frame.write('\r');
                frame.write('\n');
                return frame.toByteArray();
            }
        }
    }

    /**
     * Keeps {@code window} {@code query-status} requests in flight until {@code durationNanos} have passed (or
     * {@code maxCommands} were sent), then
     * drains what is still in flight. Latency of reply k is measured from the write of request k.
     *
     * @return replies received
     */
    public long pipeline(int window, long durationNanos, long maxCommands, Latencies latencies) throws IOException {
        long[] sentAt = new long[window];
        long sent = 0;
        long received = 0;
        long deadline = System.nanoTime() + durationNanos;
        while (true) {
            long now = System.nanoTime();
            if (now < deadline && sent < maxCommands) {
                sent = fillWindow(sent, received, window, maxCommands, sentAt, now);
            }
            if (received == sent) {
                return received; // past the deadline (or the count) with nothing in flight
            }
            in.clear();
            int n = readReplies();
            if (n < 0) {
                throw new EOFException("server closed the connection after " + received + " replies");
            }
            long readAt = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (scanner.feed(in.get(i))) {
                    latencies.record(readAt - sentAt[(int) (received % window)]);
                    received++;
                }
            }
        }
    }

    /**
     * Like {@link #pipeline}, on a connection that is also being flooded with events: each whole message is
     * classified as an event or a reply by its first member name ({@code "timestamp"} or {@code "event"}: an
     * event), which is as little as a client can look at. Latency is recorded for replies only.
     *
     * @return {replies, events} received
     */
    public long[] pipelineAmidEvents(int window, long durationNanos, Latencies latencies) throws IOException {
        long[] sentAt = new long[window];
        long sent = 0;
        long received = 0;
        long events = 0;
        int position = 0; // in the current message; bytes 2 and 3 are the first two letters of its first member name
        byte first = 0;
        byte second = 0;
        long deadline = System.nanoTime() + durationNanos;
        while (true) {
            long now = System.nanoTime();
            if (now < deadline) {
                sent = fillWindow(sent, received, window, Long.MAX_VALUE, sentAt, now);
            }
            if (received == sent) {
                return new long[] {received, events};
            }
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new EOFException("server closed the connection after " + received + " replies");
            }
            long readAt = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte c = in.get(i);
                if (!scanner.inValue() && c != '{') {
                    continue; // the line end between messages
                }
                if (position == 2) {
                    first = c;
                } else if (position == 3) {
                    second = c;
                }
                position++;
                if (scanner.feed(c)) {
                    position = 0;
                    if (first == 't' || (first == 'e' && second == 'v')) {
                        events++;
                    } else {
                        latencies.record(readAt - sentAt[(int) (received % window)]);
                        received++;
                    }
                }
            }
        }
    }

    /**
     * Writes {@code query-status} requests in one write until {@code window} are in flight (or {@code maxCommands}
     * were sent), recording when each was sent; returns the new count of requests sent.
     */
    private long fillWindow(long sent, long received, int window, long maxCommands, long[] sentAt, long now) throws IOException {
        out.clear();
        while (sent - received < window && sent < maxCommands && out.remaining() >= 64) {
            if (ids) {
                out.put(PREFIX);
                putDecimal(out, sent + 1);
                out.put((byte) '}');
            } else {
                out.put(WITHOUT_ID);
            }
            sentAt[(int) (sent % window)] = now;
            sent++;
        }
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return sent;
    }

    /** The socket, e.g. to register it non-blocking with a {@link java.nio.channels.Selector} after the handshake. */
    public SocketChannel channel() {
        return channel;
    }

    /** Reads what is available once and returns how many whole messages it completed; -1 at end of stream. */
    public int readAndCount() throws IOException {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            return -1;
        }
        int frames = 0;
        for (int i = 0; i < n; i++) {
            if (scanner.feed(in.get(i))) {
                frames++;
            }
        }
        return frames;
    }

    private static void putDecimal(ByteBuffer b, long v) {
        if (v >= 10) {
            putDecimal(b, v / 10);
        }
        b.put((byte) ('0' + (v % 10)));
    }

    @Override
    public void close() throws IOException {
        if (selector != null) {
            selector.close();
        }
        channel.close();
    }
}
