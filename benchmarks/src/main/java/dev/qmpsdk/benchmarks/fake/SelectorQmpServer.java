package dev.qmpsdk.benchmarks.fake;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A fake QMP server for thousands of connections: ONE thread and one {@link Selector} serve every connection,
 * so 10,000 idle connections cost it 10,000 sockets and small objects, not 10,000 threads. It greets like QEMU
 * 7.2 (offering {@code oob}), answers {@code qmp_capabilities} and {@code query-status} by id (anything else gets
 * {@code CommandNotFound}), and floods data-less events to every connection as fast as each is read
 * ({@link #flood}). Unlike the test kit's {@code FakeQmpServer} it has no scripts, no request log and no fault
 * injection: it exists to be cheaper than any client it serves.
 *
 * <p>This package uses nothing but the JDK, so the server can run in a JVM of its own with only the benchmark
 * classes on its class path ({@link FakeServerMain}): its sockets, heap and CPU are then not the client's.
 *
 * <pre>{@code
 * try (SelectorQmpServer server = SelectorQmpServer.start(Path.of("/tmp/fake.sock"))) {
 *     // connect clients to server.socketPath() ...
 *     long written = server.flood(1000, "STOP").join();  // 1,000 events to each negotiated connection
 * }
 * }</pre>
 */
public final class SelectorQmpServer implements AutoCloseable {
    /** Open connections, those of them that negotiated capabilities, and requests answered since the start. */
    public record Stats(int connections, int negotiated, long requests) {}

    private static final byte[] GREETING = ("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, "
            + "\"package\": \"\"}, \"capabilities\": [\"oob\"]}}\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Path socket;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    // below: selector thread only
    private final Set<Connection> connections = new HashSet<>();
    private final List<Flood> floods = new ArrayList<>();
    private long requests;
    private volatile boolean running = true;

    private SelectorQmpServer(Path socket, ServerSocketChannel listener, Selector selector) {
        this.socket = socket;
        this.listener = listener;
        this.selector = selector;
        this.thread = new Thread(this::serve, "selector-qmp-server");
        this.thread.setDaemon(true);
    }

    /** Listens on a new Unix socket at {@code socket} (which must not exist) and starts serving. */
    public static SelectorQmpServer start(Path socket) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket), 4096);
        listener.configureBlocking(false);
        Selector selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        SelectorQmpServer server = new SelectorQmpServer(socket, listener, selector);
        server.thread.start();
        return server;
    }

    public Path socketPath() {
        return socket;
    }

    /**
     * Writes {@code perConnection} events named {@code name} to every connection that has negotiated
     * capabilities, each as fast as its client reads; completes with the number of events written when all are
     * written (or stopped, or their connections closed). {@code Long.MAX_VALUE} floods until {@link #stopFloods()}.
     */
    public CompletableFuture<Long> flood(long perConnection, String name) {
        EventBatch batch = EventBatch.of(name);
        return onLoop(() -> {
            List<Connection> targets = connections.stream().filter(Connection::negotiated).toList();
            Flood flood = new Flood(batch, targets.size());
            floods.add(flood);
            flood.done().whenComplete((n, e) -> floods.remove(flood));
            for (Connection c : targets) {
                try {
                    c.startFlood(flood, perConnection);
                } catch (IOException e) {
                    c.close();
                }
            }
            return flood.done();
        }).thenCompose(f -> f);
    }

    /**
     * Stops every running flood after the slice being written to each connection (at most {@link EventBatch}'s
     * 64 KiB); completes once that is decided. A reply asked for after this comes after the flood's last event.
     * Each flood's own future then completes with what it wrote once its last slice is written.
     */
    public CompletableFuture<Void> stopFloods() {
        return onLoop(() -> {
            for (Connection c : connections) {
                c.stopFlood();
            }
            return null;
        });
    }

    public CompletableFuture<Stats> stats() {
        return onLoop(() -> new Stats(connections.size(), (int) connections.stream().filter(Connection::negotiated).count(), requests));
    }

    void countRequest() {
        requests++;
    }

    void forget(Connection c) {
        connections.remove(c);
    }

    private <T extends @Nullable Object> CompletableFuture<T> onLoop(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the server on " + socket + " is closed"));
            return result;
        }
        tasks.add(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return result;
    }

    private void serve() {
        try {
            while (running) {
                selector.select();
                for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
                    t.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        acceptAll();
                        continue;
                    }
                    Connection c = (Connection) k.attachment();
                    try {
                        if (k.isReadable()) {
                            c.read(readBuffer);
                        }
                        if (k.isValid() && k.isWritable()) {
                            c.flush();
                        }
                    } catch (IOException e) {
                        c.close(); // the client went away mid-write or mid-read
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("selector QMP server on " + socket + " failed: " + e);
            e.printStackTrace();
        } finally {
            running = false;
            for (Connection c : List.copyOf(connections)) {
                c.close();
            }
            try {
                listener.close();
                selector.close();
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void acceptAll() throws IOException {
        for (SocketChannel ch = listener.accept(); ch != null; ch = listener.accept()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(ch, key, this);
            key.attach(c);
            connections.add(c);
            try {
                c.send(GREETING);
            } catch (IOException e) {
                c.close();
            }
        }
    }

    /** Closes every connection and the listening socket, and deletes the socket file. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
