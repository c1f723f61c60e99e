package dev.qmpsdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.qmpsdk.core.protocol.QmpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An in-process guest agent that answers from a script, for the faults a real qemu-ga cannot be made to produce:
 * stale replies queued by an earlier client, garbage and half messages before the {@code 0xFF} sentinel, a reply to an
 * old sync id, an agent that is connected but not up (syncs unanswered), replies without ids. It speaks like qemu-ga
 * 7.2: no greeting, one request at a time (a delayed reply holds up the next request), ids echoed, {@code 0xFF} from
 * the client answered with the JSON parse error qemu-ga sends (no id), {@code guest-sync-delimited} answered
 * {@code \xff{"return": N, "id": ...}\n}, {@code CommandNotFound} for commands without a script.
 *
 * <pre>{@code
 * try (FakeGuestAgent agent = FakeGuestAgent.startUnix()) {
 *     agent.on("guest-info", Reply.ok("{\"version\": \"7.2.22\", \"supported_commands\": []}"));
 *     agent.beforeNextSyncReply("{\"return\": {\"pid\": 1}, \"id\": 41}\n\u00ff{\"return\": 12345}\n");   // stale data
 *     client = connect(agent.socketPath());     // the client under test must discard all of it
 * }
 * }</pre>
 */
public final class FakeGuestAgent implements AutoCloseable {
    private static final byte SENTINEL = (byte) 0xFF;
    private static final String PARSE_ERROR = "JSON parse error, stray '\uFFFD'";

    private final ServerSocketChannel server;
    private final Path socket;
    private final Path directory;
    private final Thread acceptor;
    private final Map<String, Function<QmpRequest, Reply>> scripts = new ConcurrentHashMap<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final List<QmpRequest> received = new ArrayList<>();
    private final AtomicReference<byte @Nullable []> beforeNextSync = new AtomicReference<>();
    private volatile byte @Nullable [] onConnect;
    private volatile boolean answerSyncs = true;
    private volatile boolean echoIds = true;
    private volatile boolean closed;

    private FakeGuestAgent(ServerSocketChannel server, Path socket, Path directory) {
        this.server = server;
        this.socket = socket;
        this.directory = directory;
        on("guest-ping", Reply.ok());
        this.acceptor = new Thread(this::accept, "fake-qga-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts an agent on a Unix socket in a fresh temporary directory, removed again by {@link #close()}. */
    public static FakeGuestAgent startUnix() {
        try {
            Path dir = Files.createTempDirectory("fake-qga-");
            Path socket = dir.resolve("qga.sock");
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            return new FakeGuestAgent(channel, socket, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a Unix socket for the fake guest agent: " + e.getMessage(), e);
        }
    }

    public Path socketPath() {
        return socket;
    }

    /** Answers {@code command} with {@code reply} ({@link Reply#never()}: no answer; {@code .after(d)}: late). */
    public FakeGuestAgent on(String command, Reply reply) {
        return on(command, request -> reply);
    }

    public FakeGuestAgent on(String command, Function<QmpRequest, Reply> handler) {
        scripts.put(command, handler);
        return this;
    }

    /** False: an agent that is connected (QEMU's chardev) but not up in the guest: syncs stay unanswered. */
    public FakeGuestAgent answerSyncs(boolean value) {
        this.answerSyncs = value;
        return this;
    }

    /** False: an agent that does not echo ids (before QEMU 1.x's fix; still seen on some Windows agents). */
    public FakeGuestAgent echoIds(boolean value) {
        this.echoIds = value;
        return this;
    }

    /** Written once, right before the next sync reply's sentinel: stale replies, garbage, half messages. */
    public FakeGuestAgent beforeNextSyncReply(String bytes) {
        beforeNextSync.set(latin1OrUtf8(bytes));
        return this;
    }

    /** Written as soon as a connection is accepted: what a previous client left queued in the channel. */
    public FakeGuestAgent onConnect(@Nullable String bytes) {
        this.onConnect = bytes == null ? null : latin1OrUtf8(bytes);
        return this;
    }

    /** Writes bytes to every open connection now. */
    public void sendRaw(String bytes) {
        for (SocketChannel c : open) {
            write(c, latin1OrUtf8(bytes));
        }
    }

    /** Closes every open connection (the agent restarting), keeps listening. */
    public void dropConnections() {
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
    }

    /** Every request received so far, syncs included, in order. */
    public List<QmpRequest> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many {@code guest-sync-delimited} requests arrived. */
    public long syncs() {
        return received().stream().filter(r -> r.command().equals("guest-sync-delimited")).count();
    }

    /** Waits for a request of this command; fails naming what arrived instead. */
    public QmpRequest awaitRequest(String command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (QmpRequest r : received) {
                    if (r.command().equals(command)) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + command + "' request within " + timeout.toMillis() + " ms; received: " + received);
                }
                try {
                    received.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        dropConnections();
        try {
            acceptor.join(5000);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "FakeGuestAgent{" + socket + ", " + open.size() + " open}";
    }

    // ------------------------------------------------------------------ serving

    private void accept() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                open.add(c);
                Thread t = new Thread(() -> serve(c), "fake-qga-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    /** One request at a time, like qemu-ga: a delayed reply holds up the next request. */
    private void serve(SocketChannel c) {
        try {
            byte[] stale = onConnect;
            if (stale != null) {
                write(c, stale);
            }
            FrameSplitter splitter = new FrameSplitter();
            RequestDecoder decoder = new RequestDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            FrameSplitter.Sink sink = new FrameSplitter.Sink() {
                @Override
                public void frame(byte[] bytes, int length) {
                    RequestDecoder.Result result = decoder.decode(bytes, length);
                    if (result instanceof RequestDecoder.Decoded decoded) {
                        handle(c, decoded.request());
                    } else if (result instanceof RequestDecoder.Rejected rejected) {
                        write(c, message(Json.errorReply(rejected.errorClass(), rejected.description(), echoIds, rejected.id())));
                    }
                }

                @Override
                public void garbage(byte[] bytes) {
                    // qemu-ga's parser resets at 0xFF and reports it as a parse error without id.
                    write(c, message(Json.errorReply(QemuMessages.GENERIC_ERROR, PARSE_ERROR, false, null)));
                }
            };
            while (!closed) {
                buffer.clear();
                int n = c.read(buffer);
                if (n < 0) {
                    break;
                }
                splitter.feed(buffer.array(), 0, n, sink);
            }
        } catch (IOException e) {
            // the client went away or the test dropped the connection
        } finally {
            open.remove(c);
            closeQuietly(c);
        }
    }

    private void handle(SocketChannel c, QmpRequest request) {
        synchronized (received) {
            received.add(request);
            received.notifyAll();
        }
        JsonNode id = echoIds ? request.id() : null;
        if (request.command().equals("guest-sync-delimited")) {
            if (answerSyncs) {
                byte[] before = beforeNextSync.getAndSet(null);
                if (before != null) {
                    write(c, before);
                }
                JsonNode value = request.arguments() == null ? LongNode.valueOf(0) : request.arguments().path("id");
                byte[] reply = message(Json.returnReply(value, echoIds, id));
                byte[] framed = new byte[reply.length + 1];
                framed[0] = SENTINEL;
                System.arraycopy(reply, 0, framed, 1, reply.length);
                write(c, framed);
            }
            return;
        }
        Function<QmpRequest, Reply> script = scripts.get(request.command());
        if (script == null) {
            write(c, message(Json.errorReply(QemuMessages.COMMAND_NOT_FOUND, "The command " + request.command() + " has not been found", echoIds, id)));
            return;
        }
        Reply reply = script.apply(request);
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        byte[] body = reply.encode(id);
        if (body.length > 0) {
            write(c, reply.isMessage() ? message(body) : body);
        }
        if (reply.closesConnection()) {
            closeQuietly(c);
        }
    }

    /** qemu-ga ends each message with a bare newline. */
    private static byte[] message(byte[] json) {
        byte[] framed = new byte[json.length + 1];
        System.arraycopy(json, 0, framed, 0, json.length);
        framed[json.length] = '\n';
        return framed;
    }

    /** Characters up to U+00FF are written as single bytes, so a test writes the sentinel as {@code \u00ff}. */
    private static byte[] latin1OrUtf8(String text) {
        boolean latin1 = text.chars().allMatch(ch -> ch <= 0xFF);
        return latin1 ? text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : Json.utf8(text);
    }

    private static void write(SocketChannel c, byte[] bytes) {
        synchronized (c) {
            try {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    c.write(b);
                }
            } catch (IOException e) {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
