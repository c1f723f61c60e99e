package dev.qmpsdk.benchmarks.fake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One client of the {@link SelectorQmpServer}, only ever touched by its selector thread: the bytes of the
 * request being read, the messages waiting to be written, and the flood it is being fed. Replies are queued
 * behind the event slice being written (never inside it), as QEMU would send them.
 */
final class Connection {
    private static final byte[] CAPABILITIES_FIRST = ("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
            + "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}").getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final SelectionKey key;
    private final SelectorQmpServer server;
    private final FrameScanner scanner = new FrameScanner();
    private final ArrayDeque<Outgoing> out = new ArrayDeque<>();
    private byte[] request = new byte[0];
    private int requestLength;
    private boolean negotiated;
    private @Nullable Flood flood;
    private long floodLeft;

    /** A message, or a slice of {@code events} events of {@code flood}, queued for writing. */
    private record Outgoing(ByteBuffer bytes, int events, Flood flood) {}

    Connection(SocketChannel channel, SelectionKey key, SelectorQmpServer server) {
        this.channel = channel;
        this.key = key;
        this.server = server;
    }

    boolean negotiated() {
        return negotiated;
    }

    void send(byte[] message) throws IOException {
        out.add(new Outgoing(ByteBuffer.wrap(message), 0, null));
        flush();
    }

    /**
     * Feeds {@code count} events of {@code newFlood} to this connection. An earlier flood still running here ends
     * now for this connection (the rest of its slice is still written, after which nothing more of it is counted).
     */
    void startFlood(Flood newFlood, long count) throws IOException {
        if (flood != null) {
            floodLeft = 0;
            endFlood();
        }
        flood = newFlood;
        floodLeft = count;
        flush();
    }

    void stopFlood() {
        floodLeft = 0;
        if (flood != null && !sliceQueued(flood)) {
            endFlood();
        }
    }

    private boolean sliceQueued(Flood f) {
        return out.stream().anyMatch(o -> o.flood() == f);
    }

    /** Reads what is there (through the selector thread's shared buffer) and answers every whole request. */
    void read(ByteBuffer shared) throws IOException {
        shared.clear();
        int n = channel.read(shared);
        if (n < 0) {
            close();
            return;
        }
        for (int i = 0; i < n; i++) {
            byte b = shared.get(i);
            if (!scanner.inValue() && b != '{' && b != '[') {
                continue; // whitespace between requests
            }
            if (requestLength == request.length) {
                request = Arrays.copyOf(request, Math.max(256, request.length * 2));
            }
            request[requestLength++] = b;
            if (scanner.feed(b)) {
                answer(RequestFields.parse(request, 0, requestLength));
                requestLength = 0;
            }
        }
    }

    private void answer(RequestFields fields) throws IOException {
        server.countRequest();
        if (fields == null || fields.command() == null) {
            send(ascii("{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'execute' is missing\"}}\r\n"));
            return;
        }
        String command = fields.command();
        if (!negotiated && !command.equals("qmp_capabilities")) {
            send(withId(CAPABILITIES_FIRST, fields.rawId()));
            return;
        }
        byte[] reply = switch (command) {
            case "qmp_capabilities" -> {
                negotiated = true;
                yield ascii("{\"return\": {}");
            }
            case "query-status" -> ascii("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}");
            default -> ascii("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command " + command + " has not been found\"}");
        };
        send(withId(reply, fields.rawId()));
    }

    /** Closes the reply object started in {@code head}, with the request's id when it had one, and ends the line. */
    private static byte[] withId(byte[] head, String rawId) {
        byte[] tail = ascii(rawId == null ? "}\r\n" : ", \"id\": " + rawId + "}\r\n");
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** Writes until the socket is full; asks the selector for OP_WRITE while anything is left. */
    void flush() throws IOException {
        while (true) {
            if (out.isEmpty() && floodLeft > 0) {
                int n = (int) Math.min(floodLeft, flood.batch().eventCount());
                out.add(new Outgoing(flood.batch().slice(n), n, flood));
                floodLeft -= n;
            }
            Outgoing head = out.peek();
            if (head == null) {
                break;
            }
            channel.write(head.bytes());
            if (head.bytes().hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            out.poll();
            if (head.flood() != null) {
                head.flood().written(head.events());
                if (head.flood() == flood && floodLeft == 0 && !sliceQueued(flood)) {
                    endFlood();
                }
            }
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private void endFlood() {
        Flood f = flood;
        flood = null;
        f.connectionDone();
    }

    void close() {
        out.clear();
        floodLeft = 0;
        if (flood != null) {
            endFlood();
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        server.forget(this);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
