package dev.qmpsdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of a {@link FakeQmpServer}, served by its own daemon thread: sends the greeting,
 * frames the client's bytes by JSON value, answers each request from the server's script, and lets the
 * test write to this one client.
 *
 * <pre>{@code
 * FakeQmpConnection first = server.awaitConnection(Duration.ofSeconds(5));
 * first.sendEvent("RESUME");
 * first.sendRaw("{\"return\": {}, \"id\": 4");   // half a frame...
 * first.sendRaw("2}\r\n");                        // ...and the rest
 * first.close();
 * }</pre>
 */
public final class FakeQmpConnection {
    private static final int READ_BUFFER = 64 * 1024;

    private final FakeQmpServer server;
    private final SocketChannel channel;
    private final int number;
    private final Thread thread;
    private final Object writeLock = new Object();
    private final FrameSplitter splitter = new FrameSplitter();
    private final RequestDecoder decoder = new RequestDecoder();
    private final List<QmpRequest> received = new ArrayList<>();
    private volatile boolean open = true;
    private volatile boolean negotiated;
    private volatile boolean oobEnabled;

    FakeQmpConnection(FakeQmpServer server, SocketChannel channel, int number) {
        this.server = server;
        this.channel = channel;
        this.number = number;
        this.thread = new Thread(this::run, server.threadName("conn-" + number));
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /** The connection's number, counting from 1 in the order the server accepted them. */
    public int number() {
        return number;
    }

    /** True until either side closed the connection. */
    public boolean isOpen() {
        return open;
    }

    /** True once {@code qmp_capabilities} succeeded on this connection. */
    public boolean isNegotiated() {
        return negotiated;
    }

    /** The requests decoded on this connection, in order. */
    public List<QmpRequest> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Writes these bytes as they are (garbage, half a frame, several messages at once). */
    public void sendRaw(byte[] bytes) {
        write(bytes);
    }

    /** Writes this text (UTF-8) as it is. */
    public void sendRaw(String text) {
        write(Json.utf8(text));
    }

    /** Sends an event without data, stamped now. */
    public void sendEvent(String name) {
        sendEvent(name, null);
    }

    /** Sends an event with this data (a JSON object as text, or null for none), stamped now. */
    public void sendEvent(String name, @Nullable String dataJson) {
        sendEvent(EventTemplate.of(name, dataJson).toEvent());
    }

    /** Sends this event as it is. */
    public void sendEvent(QmpEvent event) {
        write(message(Json.event(event)));
    }

    /**
     * Writes {@code count} events named {@code name} as fast as the socket takes them, in large batches.
     * Each event's timestamp is one microsecond after the previous one, so a test can check order and
     * loss. Blocks until all are written (or the connection closes).
     */
    public void floodEvents(int count, String name) {
        EventFlood.write(count, name, this::write);
    }

    /** Closes this connection (the server keeps accepting others). */
    public void close() {
        open = false;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "FakeQmpConnection#" + number + (open ? "" : " (closed)") + (negotiated ? " negotiated" : "");
    }

    // ------------------------------------------------------------------ serving

    private void run() {
        try {
            for (EventTemplate event : server.eventsBeforeGreeting()) {
                write(message(Json.event(event.toEvent())));
            }
            if (!server.awaitResponding()) {
                return;
            }
            byte[] instead = server.greetingBytes();
            write(instead != null ? instead : message(Json.CODEC.encodeGreeting(server.greeting())));
            ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
            FrameSplitter.Sink sink = new FrameSplitter.Sink() {
                @Override
                public void frame(byte[] bytes, int length) {
                    onFrame(bytes, length);
                }

                @Override
                public void garbage(byte[] bytes) {
                    if (server.awaitResponding()) {
                        answer(decoder.garbage(bytes));
                    }
                }
            };
            while (open) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                splitter.feed(buffer.array(), 0, n, sink);
            }
        } catch (IOException e) {
            // the client went away, or the test closed the connection: end quietly
        } finally {
            close();
            server.connectionEnded(this);
        }
    }

    private void onFrame(byte[] bytes, int length) {
        if (!server.awaitResponding()) {
            return;
        }
        RequestDecoder.Result result = decoder.decode(bytes, length);
        if (result instanceof RequestDecoder.Rejected rejected) {
            answer(rejected);
        } else if (result instanceof RequestDecoder.Decoded decoded) {
            handle(decoded.request());
        }
    }

    private void answer(RequestDecoder.Rejected rejected) {
        write(message(Json.errorReply(rejected.errorClass(), rejected.description(), true, rejected.id())));
    }

    private void handle(QmpRequest request) {
        synchronized (received) {
            received.add(request);
        }
        server.recordRequest(request);
        String command = request.command();
        JsonNode id = request.id();
        if (request.oob() && !oobEnabled) {
            write(message(Json.errorReply(QemuMessages.GENERIC_ERROR, QemuMessages.unexpectedMember("exec-oob"), true, id)));
            return;
        }
        boolean capabilities = command.equals("qmp_capabilities");
        if (!negotiated && !capabilities) {
            write(message(Json.errorReply(QemuMessages.COMMAND_NOT_FOUND, QemuMessages.EXPECTING_CAPABILITIES, true, id)));
            return;
        }
        if (negotiated && capabilities) {
            write(message(Json.errorReply(QemuMessages.COMMAND_NOT_FOUND, QemuMessages.ALREADY_NEGOTIATED, true, id)));
            return;
        }
        Reply reply = server.replyFor(request);
        if (reply == null) {
            write(message(Json.errorReply(QemuMessages.COMMAND_NOT_FOUND, QemuMessages.commandNotFound(command), true, id)));
            return;
        }
        if (capabilities && reply.isSuccess()) {
            // QEMU leaves negotiation mode while executing the command: pipelined requests see the new mode.
            negotiated = true;
            oobEnabled = enablesOob(request) && server.greeting().offersOob();
        }
        if (reply.delay().isZero()) {
            deliver(reply, id);
        } else {
            try {
                server.schedule(reply.delay(), () -> deliver(reply, id));
            } catch (RejectedExecutionException e) {
                // the server is closing
            }
        }
    }

    private static boolean enablesOob(QmpRequest request) {
        JsonNode arguments = request.arguments();
        if (arguments == null) {
            return false;
        }
        for (JsonNode capability : arguments.path("enable")) {
            if ("oob".equals(capability.asText())) {
                return true;
            }
        }
        return false;
    }

    private void deliver(Reply reply, @Nullable JsonNode id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EventTemplate event : reply.eventsBefore()) {
            out.writeBytes(message(Json.event(event.toEvent())));
        }
        byte[] body = reply.encode(id);
        out.writeBytes(reply.isMessage() ? message(body) : body);
        if (out.size() > 0) {
            write(out.toByteArray());
        }
        if (reply.closesConnection()) {
            close();
        }
    }

    private static byte[] message(byte[] json) {
        byte[] framed = new byte[json.length + 2];
        System.arraycopy(json, 0, framed, 0, json.length);
        framed[json.length] = '\r';
        framed[json.length + 1] = '\n';
        return framed;
    }

    /** Writes everything or closes the connection; false when it is (or becomes) closed. */
    private boolean write(byte[] bytes) {
        if (!open) {
            return false;
        }
        synchronized (writeLock) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                return true;
            } catch (IOException e) {
                close();
                return false;
            }
        }
    }
}
