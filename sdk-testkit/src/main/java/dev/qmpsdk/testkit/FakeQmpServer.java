package dev.qmpsdk.testkit;

import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An in-process QMP server that answers from a script, for testing QMP clients against the faults a real
 * QEMU cannot be made to produce. It speaks like QEMU 7.2: a greeting on accept, {@code \r\n} after every
 * message, capabilities negotiation first, {@code CommandNotFound} for unknown commands, a
 * {@code GenericError} without id for unparsable input, and ids echoed verbatim. Input is framed by JSON
 * value, never by line. Each connection is served by its own daemon thread; {@link #close()} ends them all.
 *
 * <pre>{@code
 * try (FakeQmpServer server = FakeQmpServer.startUnix()) {
 *     server.on("query-status", Reply.ok("{\"status\": \"running\", \"running\": true, \"singlestep\": false}"));
 *     server.on("stop", Reply.ok().precededBy("STOP"));
 *     client = connect(server.socketPath());            // the client under test
 *     ...
 *     server.sendEvent("RESET", "{\"guest\": true, \"reason\": \"guest-reset\"}");
 *     server.stopResponding();                           // a hung VM: the client's timeout must fire
 *     List<QmpRequest> seen = server.awaitRequests(3, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Scripts and settings may be changed at any time; a changed greeting or events-before-greeting apply to
 * connections accepted afterwards. All methods are thread-safe.
 */
public final class FakeQmpServer implements AutoCloseable {
    /** The greeting sent unless {@link #greeting(QmpGreeting)} says otherwise: QEMU 7.2.0 offering {@code oob}. */
    public static final QmpGreeting DEFAULT_GREETING = new QmpGreeting(7, 2, 0, "", List.of("oob"));

    private static final AtomicInteger SERVERS = new AtomicInteger();
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final String name = "fake-qmp-" + SERVERS.incrementAndGet();
    private final ServerSocketChannel serverChannel;
    private final SocketAddress address;
    private final @Nullable Path socketPath;
    private final @Nullable Path ownedDirectory;
    private final Thread acceptor;
    private final Map<String, Function<QmpRequest, Reply>> scripts = new ConcurrentHashMap<>();
    private volatile QmpGreeting greeting = DEFAULT_GREETING;
    private volatile byte @Nullable [] greetingBytes;
    private volatile List<EventTemplate> eventsBeforeGreeting = List.of();

    // Guarded by lock; waiters are woken by notifyAll on every change.
    private final Object lock = new Object();
    private final List<FakeQmpConnection> openConnections = new ArrayList<>();
    private final List<FakeQmpConnection> allConnections = new ArrayList<>();
    private final Deque<FakeQmpConnection> unclaimed = new ArrayDeque<>();
    private final List<QmpRequest> received = new ArrayList<>();
    private boolean responding = true;
    private boolean closed;
    private int accepted;
    private @Nullable ScheduledExecutorService scheduler;

    private FakeQmpServer(ServerSocketChannel serverChannel, @Nullable Path socketPath, @Nullable Path ownedDirectory) throws IOException {
        this.serverChannel = serverChannel;
        this.address = serverChannel.getLocalAddress();
        this.socketPath = socketPath;
        this.ownedDirectory = ownedDirectory;
        scripts.put("qmp_capabilities", request -> Reply.ok());
        this.acceptor = new Thread(this::acceptLoop, threadName("accept"));
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    // ------------------------------------------------------------------ starting

    /** Starts a server on a Unix domain socket at this path (a stale file there is replaced). */
    public static FakeQmpServer startUnix(Path socket) {
        return startUnix(socket, null);
    }

    /** Starts a server on a Unix domain socket in a fresh temporary directory, removed again by {@link #close()}. */
    public static FakeQmpServer startUnix() {
        try {
            Path dir = Files.createTempDirectory("fake-qmp-");
            return startUnix(dir.resolve("qmp.sock"), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the fake QMP socket", e);
        }
    }

    private static FakeQmpServer startUnix(Path socket, @Nullable Path ownedDirectory) {
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(socket), 1024);
                return new FakeQmpServer(channel, socket, ownedDirectory);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the Unix socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Starts a server on a loopback TCP port; 0 picks a free one (see {@link #port()}). */
    public static FakeQmpServer startTcp(int port) {
        try {
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
            try {
                channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
                return new FakeQmpServer(channel, null, null);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback TCP port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Where clients connect: a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}. */
    public SocketAddress address() {
        return address;
    }

    /** The Unix socket's path. */
    public Path socketPath() {
        if (socketPath == null) {
            throw new IllegalStateException("this fake QMP server listens on TCP " + address + ", not on a Unix socket");
        }
        return socketPath;
    }

    /** The TCP port. */
    public int port() {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalStateException("this fake QMP server listens on the Unix socket " + socketPath + ", not on TCP");
        }
        return inet.getPort();
    }

    // ------------------------------------------------------------------ script

    /** The greeting for connections accepted from now on (default {@link #DEFAULT_GREETING}). */
    public FakeQmpServer greeting(QmpGreeting value) {
        this.greeting = Objects.requireNonNull(value, "greeting");
        return this;
    }

    /**
     * Sends these bytes, as they are, instead of the greeting to connections accepted from now on: a peer that is
     * not a QMP server, or a broken one ({@code {"QMP": null}}, TLS or HTTP bytes...). Requests are still answered
     * from the script.
     *
     * <pre>{@code
     * server.greetingBytes("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
     * }</pre>
     */
    public FakeQmpServer greetingBytes(byte[] bytes) {
        this.greetingBytes = bytes.clone();
        return this;
    }

    /** Events sent on accept before the greeting (a client must not mistake them for anything else). */
    public FakeQmpServer eventsBeforeGreeting(QmpEvent... events) {
        this.eventsBeforeGreeting = Arrays.stream(events).map(EventTemplate::of).toList();
        return this;
    }

    /** Events without data, stamped when sent, sent on accept before the greeting. */
    public FakeQmpServer eventsBeforeGreeting(String... eventNames) {
        this.eventsBeforeGreeting = Arrays.stream(eventNames).map(n -> EventTemplate.of(n, null)).toList();
        return this;
    }

    /** Answers every {@code command} with this reply (replacing any earlier script for it). */
    public FakeQmpServer on(String command, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return on(command, request -> reply);
    }

    /**
     * Answers every {@code command} with what the function computes from the request (its arguments, id,
     * how many came before...). The function runs on the connection's thread; returning null answers
     * {@code CommandNotFound} as if the command were not scripted.
     */
    public FakeQmpServer on(String command, Function<QmpRequest, @Nullable Reply> handler) {
        scripts.put(Objects.requireNonNull(command, "command"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** Forgets the script for this command: it is answered {@code CommandNotFound} again. */
    public FakeQmpServer remove(String command) {
        scripts.remove(command);
        return this;
    }

    // ------------------------------------------------------------------ test controls

    /** Sends an event without data, stamped now, to every open connection. */
    public void sendEvent(String eventName) {
        sendEvent(eventName, null);
    }

    /** Sends an event with this data (JSON object text, or null for none), stamped now, to every open connection. */
    public void sendEvent(String eventName, @Nullable String dataJson) {
        EventTemplate event = EventTemplate.of(eventName, dataJson);
        for (FakeQmpConnection c : connections()) {
            c.sendEvent(event.toEvent());
        }
    }

    /** Sends this event to every open connection. */
    public void sendEvent(QmpEvent event) {
        for (FakeQmpConnection c : connections()) {
            c.sendEvent(event);
        }
    }

    /** Writes these bytes, as they are, to every open connection. */
    public void sendRaw(byte[] bytes) {
        for (FakeQmpConnection c : connections()) {
            c.sendRaw(bytes);
        }
    }

    /** Writes this text (UTF-8), as it is, to every open connection. */
    public void sendRaw(String text) {
        sendRaw(Json.utf8(text));
    }

    /**
     * Writes {@code count} data-less events named {@code name} to every open connection, one connection
     * after the other, as fast as each client reads (see {@link FakeQmpConnection#floodEvents}). Blocks until
     * written: run it on another thread if the client under test might not read.
     */
    public void floodEvents(int count, String name) {
        for (FakeQmpConnection c : connections()) {
            c.floodEvents(count, name);
        }
    }

    /** Closes every open connection; the server keeps accepting new ones. */
    public void dropConnections() {
        for (FakeQmpConnection c : connections()) {
            c.close();
        }
    }

    /**
     * Behaves like a hung (SIGSTOPped) QEMU: connections stay open and new ones are accepted, but nothing
     * is read any more, no greeting is sent and nothing is answered, until {@link #resumeResponding()}.
     * Test controls ({@link #sendEvent}, {@link #sendRaw}) still write.
     */
    public void stopResponding() {
        synchronized (lock) {
            responding = false;
        }
    }

    /** Ends {@link #stopResponding()}: what arrived meanwhile is answered now, in order. */
    public void resumeResponding() {
        synchronized (lock) {
            responding = true;
            lock.notifyAll();
        }
    }

    /** Every request decoded so far, on any connection, in arrival order. */
    public List<QmpRequest> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /** Forgets the requests received so far. */
    public void clearReceived() {
        synchronized (lock) {
            received.clear();
        }
    }

    /**
     * Waits until at least {@code count} requests have arrived and returns all received so far.
     *
     * @throws AssertionError on timeout, listing what did arrive
     */
    public List<QmpRequest> awaitRequests(int count, Duration timeout) {
        synchronized (lock) {
            awaitCondition(() -> received.size() >= count, timeout,
                    () -> "expected at least " + count + " requests, got " + received.size() + ": " + commands(received));
            return List.copyOf(received);
        }
    }

    /**
     * Waits for the first received request for this command and returns it.
     *
     * @throws AssertionError on timeout, listing what did arrive
     */
    public QmpRequest awaitRequest(String command, Duration timeout) {
        synchronized (lock) {
            awaitCondition(() -> received.stream().anyMatch(r -> r.command().equals(command)), timeout,
                    () -> "expected a request for " + command + ", got " + commands(received));
            return received.stream().filter(r -> r.command().equals(command)).findFirst().orElseThrow();
        }
    }

    /** How many connections are open now. */
    public int connectionCount() {
        synchronized (lock) {
            return openConnections.size();
        }
    }

    /** How many connections were accepted since the start. */
    public int acceptedCount() {
        synchronized (lock) {
            return accepted;
        }
    }

    /** The open connections, in the order they were accepted. */
    public List<FakeQmpConnection> connections() {
        synchronized (lock) {
            return List.copyOf(openConnections);
        }
    }

    /**
     * Returns the next accepted connection not yet returned by this method, waiting for one if needed: the
     * first call gives the first connection, the next call the second (after a reconnect), and so on.
     *
     * @throws AssertionError on timeout
     */
    public FakeQmpConnection awaitConnection(Duration timeout) {
        synchronized (lock) {
            awaitCondition(() -> !unclaimed.isEmpty(), timeout,
                    () -> "expected a new connection on " + address + ", " + accepted + " accepted so far");
            return unclaimed.removeFirst();
        }
    }

    /** Waits until the number of open connections is {@code count}. */
    public void awaitConnectionCount(int count, Duration timeout) {
        synchronized (lock) {
            awaitCondition(() -> openConnections.size() == count, timeout,
                    () -> "expected " + count + " open connections, have " + openConnections.size());
        }
    }

    /**
     * Stops listening, closes every connection, waits for every thread of this server to end and deletes
     * the socket file (and the temporary directory of {@link #startUnix()}).
     */
    @Override
    public void close() {
        List<FakeQmpConnection> connections;
        ScheduledExecutorService delayed;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            connections = List.copyOf(allConnections);
            delayed = scheduler;
        }
        try {
            serverChannel.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(FakeQmpConnection::close);
        if (delayed != null) {
            delayed.shutdownNow();
        }
        join(acceptor);
        connections.forEach(c -> join(c.thread()));
        if (delayed != null) {
            try {
                delayed.awaitTermination(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteSocketFiles();
    }

    @Override
    public String toString() {
        return "FakeQmpServer{" + (socketPath != null ? socketPath : address) + ", " + connectionCount() + " open}";
    }

    // ------------------------------------------------------------------ used by connections

    String threadName(String role) {
        return name + "-" + role;
    }

    QmpGreeting greeting() {
        return greeting;
    }

    /** What to send instead of the greeting, or null for the greeting itself. */
    byte @Nullable [] greetingBytes() {
        return greetingBytes;
    }

    List<EventTemplate> eventsBeforeGreeting() {
        return eventsBeforeGreeting;
    }

    @Nullable Reply replyFor(QmpRequest request) {
        Function<QmpRequest, Reply> script = scripts.get(request.command());
        return script == null ? null : script.apply(request);
    }

    void recordRequest(QmpRequest request) {
        synchronized (lock) {
            received.add(request);
            lock.notifyAll();
        }
    }

    /** Blocks while the server does not respond; false when it closed meanwhile. */
    boolean awaitResponding() {
        synchronized (lock) {
            while (!responding && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !closed;
        }
    }

    void schedule(Duration delay, Runnable task) {
        ScheduledExecutorService s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (scheduler == null) {
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, threadName("delayed-replies"));
                    t.setDaemon(true);
                    return t;
                });
                executor.setRemoveOnCancelPolicy(true);
                scheduler = executor;
            }
            s = scheduler;
        }
        s.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void connectionEnded(FakeQmpConnection connection) {
        synchronized (lock) {
            openConnections.remove(connection);
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ internals

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!serverChannel.isOpen()) {
                    return;
                }
                continue;
            }
            FakeQmpConnection connection;
            synchronized (lock) {
                if (closed) {
                    closeQuietly(channel);
                    return;
                }
                connection = new FakeQmpConnection(this, channel, ++accepted);
                openConnections.add(connection);
                allConnections.add(connection);
                unclaimed.addLast(connection);
                lock.notifyAll();
            }
            connection.start();
        }
    }

    private interface Condition {
        boolean holds();
    }

    private interface Describer {
        String describe();
    }

    /** Waits on {@link #lock} (held by the caller) until the condition holds. */
    private void awaitCondition(Condition condition, Duration timeout, Describer failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                throw new AssertionError(failure.describe() + (closed ? " (the server is closed)" : " within " + timeout));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure.describe(), e);
            }
        }
    }

    private static List<String> commands(List<QmpRequest> requests) {
        return requests.stream().map(QmpRequest::command).toList();
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void deleteSocketFiles() {
        try {
            if (socketPath != null) {
                Files.deleteIfExists(socketPath);
            }
            if (ownedDirectory != null) {
                Files.deleteIfExists(ownedDirectory);
            }
        } catch (IOException e) {
            // best effort: a leftover socket file in a temporary directory harms nobody
        }
    }
}
