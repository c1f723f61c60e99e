package dev.qmpsdk.reactive.qga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.protocol.JsonFrameScanner;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.reactive.QmpAddress;
import dev.qmpsdk.reactive.internal.Excerpt;
import dev.qmpsdk.reactive.internal.LoopTimer;
import dev.qmpsdk.reactive.internal.QmpChannelHandler;
import dev.qmpsdk.reactive.internal.QmpFrameDecoder;
import dev.qmpsdk.reactive.internal.Request;
import dev.qmpsdk.reactive.internal.Transport;
import dev.qmpsdk.reactive.qga.QgaClientOptions;
import dev.qmpsdk.reactive.qga.QgaState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The guest agent's protocol over one client's life, across the agent's comings and goings: it connects (retrying
 * with backoff while there is no agent), synchronises with {@code guest-sync-delimited}, sends the queued commands
 * one at a time and routes each reply to the one command in flight. Shares the QMP client's {@link Transport}, event
 * loop, {@link QmpFrameDecoder} (with the scanner that also cuts at the agent's {@code 0xFF} sentinel) and codec;
 * unlike {@code QmpSession} there is no greeting, no capabilities, no events and no pipelining.
 *
 * <p>All state is confined to one event-loop thread ({@link #loop}): callers' threads only hand work to it.
 *
 * <pre>{@code
 * QgaSession session = new QgaSession(QgaClientOptions.unix(socket).build());
 * session.connect().block();
 * JsonNode info = session.execute(Request.raw("guest-info", null), Duration.ofSeconds(5)).block();
 * }</pre>
 */
public final class QgaSession {
    /** qemu-ga's commands that send no reply on success (QAPI {@code 'success-response': false}), for raw commands. */
    static final Set<String> NO_REPLY_COMMANDS = Set.of("guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid");
    /** Sync ids stay below 2^53 so that any JSON reader on the agent's side holds them exactly. */
    private static final long MAX_SYNC_ID = 1L << 53;
    private static final Logger LOG = Loggers.getLogger(QgaSession.class);

    private final QgaClientOptions options;
    private final QmpCodec codec = QmpCodec.of(EventRegistry.empty());
    private final String peer;
    private final EventLoop loop;
    private final Sinks.Many<QgaState> states = Sinks.many().replay().latest();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile QgaState state = QgaState.WAITING;

    // Confined to the loop.
    private final ArrayDeque<QgaCommand<?>> queue = new ArrayDeque<>();
    private @Nullable QgaCommand<?> inFlight;
    private @Nullable Connection connection;
    /** Counts connection attempts; callbacks of an older attempt (or of one made before close) are ignored. */
    private int generation;
    private long syncId;
    private @Nullable ScheduledFuture<?> syncTimer;
    private @Nullable ScheduledFuture<?> retryTimer;
    private Duration backoff;
    /** Whether the agent echoes request ids (qemu-ga does since 1.x); without them, the next reply is the command's. */
    private boolean echoesIds = true;
    private long nextId = ThreadLocalRandom.current().nextLong(1, 1L << 40);
    private boolean closing;
    private String lastProblem = "no connection attempt yet";

    public QgaSession(QgaClientOptions options) {
        this.options = options;
        this.peer = options.address().toString();
        this.loop = Transport.loop(options.transport()).onClient(true).next();
        this.backoff = options.firstBackoff();
        states.tryEmitNext(QgaState.WAITING);
    }

    // ------------------------------------------------------------------ readiness

    /** Starts waiting for the agent (once) and completes when READY; see {@code QgaClient.connect()}. */
    public Mono<Void> connect() {
        return Mono.defer(() -> {
            if (started.compareAndSet(false, true)) {
                run(this::attempt);
            }
            Duration deadline = options.readyTimeout();
            return ready()
                    .timeout(LoopTimer.delay(loop, deadline), Mono.fromSupplier(() -> {
                        throw notReady(deadline);
                    }))
                    .doOnError(QmpTimeoutException.class, e -> run(() -> end(QgaState.FAILED, e.getMessage())));
        });
    }

    private Mono<Void> ready() {
        return states.asFlux()
                .filter(s -> s == QgaState.READY || s.isTerminal())
                .next()
                .switchIfEmpty(Mono.fromSupplier(() -> state))
                .flatMap(s -> s == QgaState.READY ? Mono.<Void>empty() : Mono.error(new QmpConnectionException(
                        "the guest agent client for " + peer + " is " + s.name().toLowerCase() + "; create a new one")));
    }

    private QmpTimeoutException notReady(Duration deadline) {
        return new QmpTimeoutException("waiting for the guest agent at " + peer + " (last: " + lastProblem + "; is qemu-ga "
                + "running in the guest, and is this the host end of its virtio-serial port org.qemu.guest_agent.0?)", deadline);
    }

    private void attempt() {
        retryTimer = null;
        if (closing) {
            return;
        }
        setState(QgaState.WAITING);
        if (options.address() instanceof QmpAddress.Unix unix) {
            try {
                Transport.checkTransport(unix);
            } catch (QmpException e) {
                end(QgaState.FAILED, e.getMessage());
                return;
            }
            if (!Files.exists(unix.path())) {
                lastProblem = "no socket at " + unix.path();
                retryLater();
                return;
            }
        }
        int attempt = ++generation;
        lastProblem = "connecting, no connection yet";
        Transport.connect(options.transport(), conn -> attach(conn, attempt))
                .subscribe(conn -> run(() -> connected(conn, attempt)), e -> run(() -> connectFailed(e, attempt)));
    }

    /** On the connection's event loop, before anything is read. */
    private void attach(Connection conn, int attempt) {
        Inbound inbound = new Inbound(attempt);
        conn.addHandlerLast("qga-frames", new QmpFrameDecoder(JsonFrameScanner.forGuestAgent(), options.maxFrameSize(), inbound));
        conn.addHandlerLast("qga-session", new QmpChannelHandler(inbound));
        conn.channel().config().setAutoRead(true);
    }

    private void connected(Connection conn, int attempt) {
        if (attempt != generation || closing) {
            conn.dispose();
            return;
        }
        connection = conn;
        backoff = options.firstBackoff();
        lastProblem = "the socket accepted the connection; guest-sync-delimited sent, no answer yet";
        startSync();
    }

    private void connectFailed(Throwable e, int attempt) {
        if (attempt != generation) {
            return;
        }
        lastProblem = "cannot connect: " + Transport.describe(e);
        retryLater();
    }

    private void retryLater() {
        if (closing) {
            return;
        }
        Duration pause = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : doubled;
        retryTimer = loop.schedule(this::attempt, pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ synchronisation

    /**
     * Sends {@code 0xFF} (the agent's parser drops whatever half request it holds) and {@code guest-sync-delimited} with
     * a fresh random id; until the answer with that id arrives, every other reply is discarded.
     */
    private void startSync() {
        Connection conn = connection;
        if (conn == null) {
            return;
        }
        cancelSyncTimer();
        long id = ThreadLocalRandom.current().nextLong(1, MAX_SYNC_ID);
        syncId = id;
        setState(QgaState.SYNCING);
        ByteBuf request = conn.channel().alloc().buffer(96);
        request.writeByte(JsonFrameScanner.SENTINEL);
        request.writeCharSequence("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "},\"id\":" + id + "}\n",
                StandardCharsets.UTF_8);
        conn.channel().writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        syncTimer = loop.schedule(() -> syncTimedOut(id), options.syncTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void syncTimedOut(long id) {
        if (id != syncId || state != QgaState.SYNCING || connection == null) {
            return;
        }
        // Say plainly that the socket is open but nobody answers: on a VM's chardev, QEMU accepts even before the guest
        // has started qemu-ga, and what the client sends waits there unread.
        lastProblem = "the socket accepted the connection, but no agent answered guest-sync-delimited within "
                + options.syncTimeout().toMillis() + " ms";
        QgaCommand<?> command = inFlight;
        if (command != null && !command.replies()) {
            // An agent that stops answering after guest-shutdown or guest-suspend-*: what the protocol calls success.
            inFlight = null;
            command.completeEmpty();
        }
        startSync();
    }

    private void synced(boolean echoedId) {
        cancelSyncTimer();
        echoesIds = echoedId;
        QgaCommand<?> command = inFlight;
        if (command != null && !command.replies()) {
            // The agent took the next request after it without an error: it accepted it.
            inFlight = null;
            command.completeEmpty();
        }
        setState(QgaState.READY);
        pump();
    }

    private void cancelSyncTimer() {
        ScheduledFuture<?> timer = syncTimer;
        if (timer != null) {
            timer.cancel(false);
            syncTimer = null;
        }
    }

    // ------------------------------------------------------------------ commands

    /** A cold command: each subscription queues {@code request} once, with this deadline. */
    public <R> Mono<R> execute(Request<R> request, Duration timeout) {
        boolean replies = request.successResponse() && !NO_REPLY_COMMANDS.contains(request.name());
        return new CommandMono<>(this, request, timeout, replies);
    }

    private void submit(QgaCommand<?> command) {
        boolean queued = run(() -> {
            if (command.finished) {
                return;   // cancelled on the way here
            }
            if (state.isTerminal() || closing || !started.get()) {
                command.fail(new QmpConnectionException("cannot send '" + command.name() + "' to the guest agent at " + peer + ": the client is "
                        + (started.get() ? state.name().toLowerCase() : "not connected (connect() first)")));
                return;
            }
            command.deadline = loop.schedule(() -> timedOut(command), command.timeout().toNanos(), TimeUnit.NANOSECONDS);
            queue.add(command);
            pump();
        });
        if (!queued) {
            command.fail(new QmpConnectionException("cannot send '" + command.name() + "' to the guest agent at " + peer
                    + ": the SDK's event loop is shut down (QmpResources.shutdown()); create a new client"));
        }
    }

    /** Sends the next queued command when the agent is in step and nothing is in flight. */
    private void pump() {
        Connection conn = connection;
        while (state == QgaState.READY && inFlight == null && conn != null) {
            QgaCommand<?> next = queue.poll();
            if (next == null) {
                return;
            }
            if (!next.finished) {
                send(conn, next);
            }
        }
    }

    private void send(Connection conn, QgaCommand<?> command) {
        command.id = ++nextId;
        ByteBuf request = conn.channel().alloc().buffer(96);
        try {
            command.request().write(codec, new ByteBufOutputStream(request), command.id, false);
        } catch (IOException | RuntimeException e) {
            request.release();
            command.fail(e instanceof QmpException q ? q
                    : new QmpException("cannot write the request for '" + command.name() + "': " + e.getMessage(), e));
            return;
        }
        inFlight = command;
        conn.channel().writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (!command.replies()) {
            startSync();   // its success is the agent going on to answer this sync (or going quiet)
        }
    }

    private void timedOut(QgaCommand<?> command) {
        if (command.finished) {
            return;
        }
        if (command == inFlight) {
            inFlight = null;
            if (!command.replies()) {
                command.completeEmpty();
            } else {
                command.fail(new QmpTimeoutException("guest agent command '" + command.name() + "' at " + peer, command.timeout()));
            }
            startSync();   // its reply may still come: get back in step before the next command
        } else {
            queue.remove(command);
            command.fail(new QmpTimeoutException("guest agent command '" + command.name() + "' at " + peer + " (never sent: the client is "
                    + state.name().toLowerCase() + "; last: " + lastProblem + ")", command.timeout()));
        }
    }

    void cancelled(QgaCommand<?> command) {
        run(() -> {
            if (!command.finish()) {
                return;
            }
            if (command == inFlight) {
                inFlight = null;
                startSync();   // its reply would arrive as a stale one
            } else {
                queue.remove(command);
            }
        });
    }

    // ------------------------------------------------------------------ inbound

    private void onFrame(byte[] frame) {
        JsonNode message;
        try {
            message = QapiJson.TREE_MAPPER.readTree(frame);
        } catch (IOException e) {
            LOG.warn("QGA {}: dropped a malformed message: {}", peer, Excerpt.of(frame, frame.length));
            return;
        }
        QgaCommand<?> command = inFlight;
        JsonNode id = message.get("id");
        boolean forCommand = command != null && id != null && id.isIntegralNumber() && id.asLong() == command.id;
        if (state == QgaState.SYNCING) {
            JsonNode value = message.get("return");
            if (value != null && value.isIntegralNumber() && value.asLong() == syncId) {
                synced(id != null);
            } else if (forCommand) {
                answer(command, frame);   // the agent answered the command before the sync sent after it
            } else {
                discard(frame, "while synchronising");
            }
            return;
        }
        if (state != QgaState.READY || command == null) {
            discard(frame, "with no command in flight");
            if (state == QgaState.READY) {
                startSync();
            }
            return;
        }
        if (forCommand || (id == null && !echoesIds)) {
            answer(command, frame);
            pump();
        } else {
            discard(frame, "that does not answer '" + command.name() + "' (id " + command.id + ")");
            startSync();
        }
    }

    private void answer(QgaCommand<?> command, byte[] frame) {
        inFlight = null;
        command.complete(codec, frame, peer);
    }

    private void discard(byte[] frame, String why) {
        LOG.debug("QGA {}: discarded a stale reply {}: {}", peer, why, Excerpt.of(frame, frame.length));
    }

    private void lost(@Nullable Throwable cause) {
        connection = null;
        cancelSyncTimer();
        QgaCommand<?> command = inFlight;
        inFlight = null;
        if (command != null) {
            if (!command.replies()) {
                command.completeEmpty();   // the guest going down closes the agent's end: success
            } else {
                command.fail(new QmpConnectionException("the guest agent at " + peer + " closed the connection before answering '"
                        + command.name() + "'" + (cause == null ? "" : ": " + Transport.describe(cause)) + " (not retried: it may have run)"));
            }
        }
        if (closing) {
            end(QgaState.CLOSED, "the client closed it");
            return;
        }
        lastProblem = "the agent closed the connection" + (cause == null ? "" : ": " + Transport.describe(cause));
        if (!options.reconnect()) {
            end(QgaState.CLOSED, lastProblem);
            return;
        }
        setState(QgaState.WAITING);
        retryLater();
    }

    // ------------------------------------------------------------------ state and closing

    public Flux<QgaState> states() {
        return states.asFlux();
    }

    public QgaState state() {
        return state;
    }

    public QgaClientOptions options() {
        return options;
    }

    /** Stops waiting for the agent, fails queued commands and closes the connection; completes once CLOSED. */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            dispose();
            return states.asFlux().then();
        });
    }

    public void dispose() {
        run(() -> {
            if (state.isTerminal() || closing) {
                return;
            }
            closing = true;
            Connection conn = connection;
            if (conn != null) {
                conn.dispose();   // the end comes back through lost(), on this loop
            } else {
                end(QgaState.CLOSED, "the client closed it");
            }
        });
    }

    public boolean isDisposed() {
        return state.isTerminal();
    }

    private void end(QgaState terminal, @Nullable String why) {
        if (state.isTerminal()) {
            return;
        }
        closing = true;
        generation++;
        cancelSyncTimer();
        ScheduledFuture<?> retry = retryTimer;
        if (retry != null) {
            retry.cancel(false);
        }
        List<QgaCommand<?>> unfinished = new ArrayList<>(queue);
        queue.clear();
        QgaCommand<?> command = inFlight;
        inFlight = null;
        if (command != null) {
            unfinished.add(command);
        }
        Connection conn = connection;
        connection = null;
        if (conn != null) {
            conn.dispose();
        }
        setState(terminal);
        states.tryEmitComplete();
        for (QgaCommand<?> c : unfinished) {
            c.fail(new QmpConnectionException("the guest agent client for " + peer + " ended before '" + c.name() + "' was answered: " + why));
        }
    }

    private void setState(QgaState next) {
        if (state.isTerminal() || state == next) {
            return;
        }
        state = next;
        states.tryEmitNext(next);
    }

    /** Runs {@code task} on the session's loop (now, when called there); false when the loop is shut down. */
    private boolean run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.debug("QGA {}: the event loop is shut down; dropped a task", peer);
            return false;
        }
    }

    @Override
    public String toString() {
        return "QgaSession{" + peer + ", " + state + "}";
    }

    /** What the pipeline of one connection attempt hands the session; ignored once a later attempt has begun. */
    private final class Inbound implements QmpChannelHandler.Listener {
        private final int attempt;
        private @Nullable Throwable failure;

        Inbound(int attempt) {
            this.attempt = attempt;
        }

        private void ifCurrent(Runnable task) {
            run(() -> {
                if (attempt == generation) {
                    task.run();
                }
            });
        }

        @Override
        public void onFrame(byte[] frame) {
            ifCurrent(() -> QgaSession.this.onFrame(frame));
        }

        @Override
        public void onGarbage(int bytes, byte[] sample) {
            // The agent's 0xFF sentinel is garbage to the scanner; anything else before it is stale data.
            if (bytes > 1 || sample.length != 1 || sample[0] != JsonFrameScanner.SENTINEL) {
                LOG.debug("QGA {}: skipped {} bytes outside messages: {}", peer, bytes, Excerpt.of(sample, bytes));
            }
        }

        @Override
        public void onBrokenMessage(int bytes, byte[] start) {
            LOG.debug("QGA {}: dropped a half message ({} bytes, cut by a newline or the 0xFF sentinel): {}", peer, bytes, Excerpt.of(start, bytes));
        }

        @Override
        public void onTransportError(Throwable cause) {
            failure = cause;
        }

        @Override
        public void onInactive() {
            Throwable cause = failure;
            ifCurrent(() -> lost(cause));
        }
    }

    /** Cold: every subscription makes one {@link QgaCommand} and queues it. */
    private static final class CommandMono<R> extends Mono<R> {
        private final QgaSession session;
        private final Request<R> request;
        private final Duration timeout;
        private final boolean replies;

        CommandMono(QgaSession session, Request<R> request, Duration timeout, boolean replies) {
            this.session = session;
            this.request = request;
            this.timeout = timeout;
            this.replies = replies;
        }

        @Override
        public void subscribe(CoreSubscriber<? super R> actual) {
            QgaCommand<R> command = new QgaCommand<>(actual, session, request, timeout, replies);
            actual.onSubscribe(command);
            if (!command.isCancelled()) {
                session.submit(command);
            }
        }
    }
}
