package dev.qmpsdk.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.ReplyIds;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.reactive.api.QmpCommandsApi;
import dev.qmpsdk.reactive.internal.CommandMono;
import dev.qmpsdk.reactive.internal.EventDeliveryThreads;
import dev.qmpsdk.reactive.internal.EventHub;
import dev.qmpsdk.reactive.internal.Excerpt;
import dev.qmpsdk.reactive.internal.HandshakeFailures;
import dev.qmpsdk.reactive.internal.LoopTimer;
import dev.qmpsdk.reactive.internal.PendingCommand;
import dev.qmpsdk.reactive.internal.PendingCommands;
import dev.qmpsdk.reactive.internal.QmpChannelHandler;
import dev.qmpsdk.reactive.internal.QmpFrameDecoder;
import dev.qmpsdk.reactive.internal.RequestWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One QMP monitor connection: cold {@link Mono} commands, a hot {@link Flux} of events, a state stream.
 *
 * <pre>{@code
 * QmpClient qmp = QmpClient.connect(QmpClientConfig.unix(Path.of("/run/vm1.qmp"))).block();
 * qmp.events(StopEvent.class).subscribe(e -> log.info("paused at {}", e.timestamp()));
 * StatusInfo status = qmp.queryStatus().block();          // one generated method per schema command
 * qmp.execute(QmpCommands.STOP, null).block();            // or by descriptor
 * qmp.close().block();
 * }</pre>
 *
 * <p>Every command gets a fresh id and is matched to its reply by id, so any number can be in flight. Each
 * has a deadline (the configured default or the call's own); on timeout or cancellation its pending entry
 * is removed and a late reply is counted and dropped. When the connection ends, every pending command fails
 * at once with a {@link QmpConnectionException} saying why — except {@code quit}, whose reply may race the
 * end of stream and which therefore succeeds either way.
 */
public final class QmpClient implements QmpConnection, QmpCommandsApi {
    private static final Logger LOG = Loggers.getLogger(QmpClient.class);
    private static final JsonNode ENABLE_OOB = JsonNodeFactory.instance.objectNode()
            .set("enable", JsonNodeFactory.instance.arrayNode().add("oob"));

    /** At most this many flushes are merged into one write system call. */
    private static final int FLUSHES_PER_SYSCALL = 256;
    /**
     * Netty's own outbound buffer: past the high mark the channel is not writable and requests wait in the
     * {@link RequestWriter}, where one whose caller gave up can still be dropped.
     */
    private static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final QmpClientConfig config;
    private final QmpCodec codec;
    private final String peer;
    private final PendingCommands pending = new PendingCommands();
    private final CommandMono.Sender sender = this::send;
    private final EventHub events;
    private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
    private final Sinks.One<QmpGreeting> greetingSink = Sinks.one();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final LongAdder replies = new LongAdder();
    private final LongAdder unknownIds = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();

    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile @Nullable Connection connection;
    private volatile @Nullable RequestWriter writer;
    private volatile @Nullable QmpGreeting greeting;
    private volatile boolean oob;
    private volatile boolean closeRequested;
    /** Set when {@code quit} is sent: the server closing afterwards, even by a reset, is the expected end. */
    private volatile boolean quitSent;
    private volatile @Nullable Throwable transportFailure;
    /** Why the peer is not taken for a QMP server; what connect() and every pending command fail with. */
    private volatile @Nullable QmpConnectionException handshakeFailure;

    QmpClient(QmpClientConfig config) {
        this.config = config;
        this.codec = QmpCodec.of(config.events()).withStrict(config.strict());
        this.peer = config.address().toString();
        this.events = new EventHub(config.eventBufferSize(), config.overflowPolicy(), EventDeliveryThreads.SCHEDULER);
        states.tryEmitNext(ConnectionState.CONNECTING);
    }

    /**
     * Connects, reads the greeting and negotiates capabilities (out-of-band execution when offered and
     * configured). The Mono fails with {@link QmpConnectionException} when the monitor cannot be reached or
     * is not a QMP server, and with {@link QmpTimeoutException} after {@link QmpClientConfig#connectTimeout()}.
     * A peer that answers but not as a QMP server fails the connect at once, not at the deadline, with a message
     * naming what it sent: anything but events before a valid greeting (another protocol's bytes, a malformed or
     * incomplete greeting), or anything but events and the reply to {@code qmp_capabilities} (with the id it was
     * sent and the empty object as its value) before the handshake is done.
     * A Unix socket whose listen queue is full (QEMU serves one monitor client at a time, and a client that just
     * left can still occupy the queue) is retried within the connect deadline; if it stays full, the Mono fails
     * shortly before the deadline with a {@link QmpConnectionException} that says so.
     */
    public static Mono<QmpClient> connect(QmpClientConfig config) {
        Objects.requireNonNull(config, "config");
        return Mono.defer(() -> {
            QmpClient client = new QmpClient(config);
            return Transport.connect(config, client::attach)
                    .then(Mono.defer(client::handshake))
                    .thenReturn(client)
                    .timeout(LoopTimer.delay(Transport.loop(config).onClient(true), config.connectTimeout()), Mono.error(() ->
                            new QmpTimeoutException("connecting to the QMP monitor at " + config.address() + " (connect, greeting, qmp_capabilities)",
                                    config.connectTimeout())))
                    .onErrorMap(e -> !(e instanceof QmpException), e -> new QmpConnectionException(
                            "cannot connect to the QMP monitor at " + config.address() + ": " + Transport.describe(e), e))
                    .doOnError(e -> client.fail(e));
        });
    }

    /**
     * Accept mode: listens at the configured address and returns a listener whose {@link QmpListener#accept()}
     * completes when QEMU connects out ({@code -qmp unix:/path} without {@code server=on}).
     */
    public static Mono<QmpListener> listen(QmpClientConfig config) {
        return QmpListener.bind(config);
    }

    /** Attaches the freshly connected transport; runs on the event loop before the first byte is read. */
    void attach(Connection conn) {
        this.connection = conn;
        events.publishFrom(conn.channel().eventLoop());
        // Pipelined commands arrive as many small writeAndFlush calls; coalesce their flushes into fewer
        // system calls (a flush still happens at the end of every event-loop pass).
        conn.channel().pipeline().addFirst("qmp-flush", new FlushConsolidationHandler(FLUSHES_PER_SYSCALL, true));
        Channel channel = conn.channel();
        channel.config().setWriteBufferWaterMark(WRITE_BUFFER);
        RequestWriter requests = new RequestWriter(channel, pending, config.maxQueuedRequestBytes());
        pending.onGaveUp(requests::commandGaveUp);
        this.writer = requests;
        Listener listener = new Listener();
        conn.addHandlerLast("qmp-frames", new QmpFrameDecoder(config.maxFrameSize(), listener));
        conn.addHandlerLast("qmp-requests", requests);
        conn.addHandlerLast("qmp-client", new QmpChannelHandler(listener));
        // reactor-netty reads only on demand from inbound().receive(); this client consumes every frame in its
        // own handler instead, so the socket is read whenever bytes arrive.
        conn.channel().config().setAutoRead(true);
        setState(ConnectionState.NEGOTIATING);
    }

    Mono<QmpClient> handshake() {
        return greetingSink.asMono()
                .flatMap(g -> {
                    boolean useOob = config.requestOob() && g.offersOob();
                    return executeRaw("qmp_capabilities", useOob ? ENABLE_OOB : null, config.connectTimeout())
                            .onErrorMap(e -> e instanceof QmpException && !(e instanceof QmpTimeoutException || e instanceof QmpConnectionException),
                                    e -> new QmpConnectionException("capabilities negotiation with " + peer + " failed: " + e.getMessage(), e))
                            .defaultIfEmpty(JsonNodeFactory.instance.nullNode())
                            .flatMap(answer -> {
                                // QMP specifies the empty object; anything else is not a QMP server's answer.
                                if (!answer.isObject() || !answer.isEmpty()) {
                                    QmpConnectionException e = HandshakeFailures.capabilitiesAnswer(peer, answer);
                                    handshakeFailed(e);
                                    return Mono.error(e);
                                }
                                oob = useOob;
                                setState(ConnectionState.READY);
                                return Mono.empty();
                            });
                })
                .thenReturn(this);
    }

    // ------------------------------------------------------------------ commands

    /** Runs a command with the default deadline; the Mono sends on subscribe, once per subscription. */
    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments) {
        return execute(command, arguments, config.commandTimeout());
    }

    /**
     * Runs a command with its own deadline.
     *
     * @return the decoded return value; empty for commands that return nothing
     */
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        boolean sendOob = command.allowOob();
        return CommandMono.of(sender, command.name(), timeout, peer,
                (out, id) -> codec.writeRequest(out, command, arguments, id, sendOob && oob),
                frame -> codec.decodeResult(command, frame));
    }

    /**
     * Runs a command the compiled schema does not know (or with hand-made arguments): the return value comes
     * back as a JSON tree.
     */
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments) {
        return executeRaw(command, arguments, config.commandTimeout());
    }

    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        return CommandMono.of(sender, command, timeout, peer,
                (out, id) -> codec.writeRawRequest(out, command, arguments, LongNode.valueOf(id), false),
                frame -> codec.decodeRawResult(command, frame));
    }

    /**
     * Registers a subscribed command under a fresh id and hands its request to the {@link RequestWriter} (on the
     * subscriber's thread). Every failure is an SDK exception: a connection that is closing can make Netty itself
     * throw here ("channel not registered to an event loop"), and that is the connection's end as far as the
     * caller is concerned.
     */
    private void send(PendingCommand<?> command, CommandMono.Encoder encoder) {
        Connection conn = connection;
        RequestWriter requests = writer;
        if (state.isTerminal() || conn == null || requests == null) {
            command.fail(new QmpConnectionException("cannot send '" + command.name() + "': the connection to " + peer + " is "
                    + state.name().toLowerCase()));
            return;
        }
        long id = ReplyIds.NONE;
        try {
            Channel channel = conn.channel();
            id = pending.add(command, channel.eventLoop());
            ByteBuf request = encode(channel, command, encoder, id);
            if (request == null) {
                return;
            }
            if (command.name().equals("quit")) {
                quitSent = true;
            }
            long sentId = id;
            ChannelFutureListener onFailure = f -> {
                if (!f.isSuccess() && pending.remove(sentId) != null) {
                    command.fail(new QmpConnectionException("cannot send '" + command.name() + "' to " + peer + ": "
                            + Transport.describe(f.cause()), f.cause()));
                }
            };
            if (!requests.write(command, id, request, onFailure) && pending.remove(id) != null) {
                command.fail(new QmpConnectionException(ended.get() ? "cannot send '" + command.name() + "': the connection to " + peer + " ended"
                        : "cannot send '" + command.name() + "' to " + peer + ": " + requests.queuedBytes() + " bytes of requests already wait "
                        + "to be written because the server is not reading (hung or stopped?); the limit is "
                        + "QmpClientConfig.withMaxQueuedRequestBytes(" + requests.maxQueuedBytes() + ")"));
                return;
            }
        } catch (RuntimeException e) {
            if (id == ReplyIds.NONE || pending.remove(id) != null) {
                command.fail(new QmpConnectionException("cannot send '" + command.name() + "' to " + peer + ": " + Transport.describe(e), e));
            }
            return;
        }
        if (ended.get() && pending.remove(id) != null) {
            // The connection ended while this command was being registered, after end() drained the rest.
            command.connectionEnded(new QmpConnectionException("connection to " + peer + " closed before '" + command.name() + "' was answered"));
        }
    }

    /** The request in a pooled buffer, or null when the arguments cannot be written (the command has failed then). */
    private @Nullable ByteBuf encode(Channel channel, PendingCommand<?> command, CommandMono.Encoder encoder, long id) {
        ByteBuf request = channel.alloc().buffer(96);
        try {
            encoder.write(new ByteBufOutputStream(request), id);
            return request;
        } catch (IOException | RuntimeException e) {
            request.release();
            if (pending.remove(id) != null) {
                command.fail(e instanceof QmpException q ? q
                        : new QmpException("cannot write the request for '" + command.name() + "': " + e.getMessage(), e));
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ events and state

    /**
     * Every event, hot: subscribers see the events that arrive while they are subscribed. Every event stream
     * completes when the connection ends cleanly (closed by the client, after {@code quit}, or by the server's
     * end of stream, even in the middle of a message) and errors with a {@link QmpConnectionException} when it
     * fails (transport error or reset, oversize frame).
     */
    public Flux<QmpEvent> events() {
        return events.subscribe(e -> true);
    }

    /** This connection's event fan-out, for the fleet's merged streams. */
    EventHub eventHub() {
        return events;
    }

    /** Events of one generated type ({@code events(StopEvent.class)}), filtered before buffering. */
    public <E extends QmpEvent> Flux<E> events(Class<E> type) {
        return events.subscribe(type::isInstance).cast(type);
    }

    /** Events by wire name ({@code events("STOP", "RESUME")}), including ones the schema does not know. */
    public Flux<QmpEvent> events(String... names) {
        Set<String> wanted = Set.of(names);
        return events.subscribe(e -> wanted.contains(e.eventName()));
    }

    /** The connection's states, starting with the current one. */
    public Flux<ConnectionState> states() {
        return states.asFlux();
    }

    public ConnectionState state() {
        return state;
    }

    /** The server's greeting (version, capabilities); null before it arrived. */
    public @Nullable QmpGreeting greeting() {
        return greeting;
    }

    /** True when out-of-band execution was negotiated. */
    public boolean oobEnabled() {
        return oob;
    }

    public QmpClientConfig config() {
        return config;
    }

    public QmpClientStats stats() {
        RequestWriter requests = writer;
        return new QmpClientStats(requests == null ? 0 : requests.written(), replies.sum(), unknownIds.sum(), events.received(),
                events.dropped(), protocolErrors.sum(), requests == null ? 0 : requests.dropped(),
                requests == null ? 0 : requests.queuedBytes());
    }

    /** Commands sent and not yet answered. */
    public int pendingCommands() {
        return pending.size();
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the connection; completes once it is CLOSED (pending commands failed) and the events received before
     * the end have been delivered to the current subscribers, as far as each one's demand goes (a subscriber that
     * requests nothing more, or closes from its own callback, is not waited for; one that blocks holds this up).
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            Mono<Void> delivered = events.delivered(Thread.currentThread());
            dispose();
            // Not conn.onDispose(): Netty completes the close future before channelInactive reaches this client,
            // so that would complete while the state is still READY. The state stream completes in end(); then the
            // events received before the end are delivered to the subscribers (EventHub.delivered).
            return states.asFlux().then(delivered);
        });
    }

    @Override
    public void dispose() {
        closeRequested = true;
        Connection conn = connection;
        if (conn != null) {
            conn.dispose();
        } else {
            end(null);
        }
    }

    @Override
    public boolean isDisposed() {
        return state.isTerminal();
    }

    /**
     * Serialized: states come from the event loop and, on a failed connect, from the caller's or a timer's thread,
     * and a sink refuses (FAIL_NON_SERIALIZED) an emission that overlaps another.
     */
    private void setState(ConnectionState next) {
        synchronized (states) {
            state = next;
            states.tryEmitNext(next);
        }
    }

    /** The peer does not behave like a QMP server: end the connection at once, with this as the reason. */
    private void handshakeFailed(QmpConnectionException e) {
        if (handshakeFailure == null) {
            handshakeFailure = e;
        }
        fail(e);
    }

    /** A failure before or during the handshake: make sure nothing stays open. */
    void fail(Throwable cause) {
        if (transportFailure == null) {
            transportFailure = cause;
        }
        Connection conn = connection;
        if (conn != null && conn.channel().isActive()) {
            // The end is signalled from channelInactive, on the event loop, like every other emission.
            conn.dispose();
        } else {
            if (conn != null) {
                conn.dispose();
            }
            end(cause);
        }
    }

    private void end(@Nullable Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        boolean clean = cause == null;
        String why = closeRequested ? "the client closed it"
                : clean ? "the server closed it" : Transport.describe(cause);
        if (greeting == null && !closeRequested) {
            why += " before sending a QMP greeting (is it a QMP monitor? QEMU: -qmp unix:PATH,server=on,wait=off)";
        }
        QmpConnectionException failure = clean
                ? new QmpConnectionException("connection to " + peer + " closed: " + why)
                : handshakeFailure != null ? handshakeFailure
                : new QmpConnectionException("connection to " + peer + " failed: " + why, cause);
        // The state first: a pending command's error callback that looks at the client sees it ended.
        setState(clean ? ConnectionState.CLOSED : ConnectionState.FAILED);
        for (PendingCommand<?> p : pending.drain()) {
            p.connectionEnded(failure);
        }
        greetingSink.tryEmitError(failure);
        synchronized (states) {
            states.tryEmitComplete();
        }
        if (clean) {
            events.complete();
        } else {
            events.fail(failure);
        }
    }

    @Override
    public String toString() {
        return "QmpClient{" + peer + ", " + state + "}";
    }

    /** The pipeline's view of this client; kept out of the public API. */
    private final class Listener implements QmpChannelHandler.Listener {
        @Override
        public void onFrame(byte[] frame) {
            if (state != ConnectionState.READY) {
                onHandshakeFrame(frame);
                return;
            }
            // Replies to our commands, the common case, are routed by id before any parsing and then decoded
            // once, straight into the command's type.
            long id = ReplyIds.find(frame);
            if (id != ReplyIds.NONE && completePending(id, frame)) {
                return;
            }
            QmpMessage message = decode(frame, e -> LOG.warn("QMP {}: dropped a malformed message: {}", peer, e.getMessage()));
            if (message == null) {
                return;
            }
            if (message instanceof QmpReply reply) {
                onUnclaimedReply(reply);
            } else if (message instanceof QmpEvent event) {
                events.publish(event);
            } else if (message instanceof QmpGreeting) {
                protocolErrors.increment();
                LOG.warn("QMP {}: ignored a second greeting", peer);
            } else {
                protocolErrors.increment();
                LOG.warn("QMP {}: ignored a message a server does not send: {}", peer, message);
            }
        }

        /**
         * Before READY only events, one greeting and the reply to {@code qmp_capabilities} may arrive; anything else
         * means the peer is not (or not behaving as) a QMP server, and the connect fails at once saying what came.
         * Every frame is fully decoded here first: a handful per connection, so routing by raw id buys nothing.
         */
        private void onHandshakeFrame(byte[] frame) {
            if (state.isTerminal()) {
                return;
            }
            QmpMessage message = decode(frame, e -> handshakeFailed(HandshakeFailures.unexpected(peer, greeting != null, frame, e.getMessage())));
            if (message == null) {
                return;
            }
            if (message instanceof QmpEvent event) {
                events.publish(event);
            } else if (message instanceof QmpGreeting g && greeting == null) {
                greeting = g;
                greetingSink.tryEmitValue(g);
            } else if (message instanceof QmpReply reply && greeting != null && isInteger(reply.id())
                    && completePending(reply.id().asLong(), frame)) {
                return;   // the answer to qmp_capabilities
            } else {
                protocolErrors.increment();
                handshakeFailed(HandshakeFailures.unexpected(peer, greeting != null, frame, message instanceof QmpReply
                        ? "a reply to no command sent (qmp_capabilities was the only one)" : "not expected before the handshake is done"));
            }
        }

        /** Completes the pending command with this id with the reply frame; false when there is none. */
        private boolean completePending(long id, byte[] frame) {
            PendingCommand<?> p = pending.remove(id);
            if (p == null) {
                return false;
            }
            replies.increment();
            p.complete(frame);
            return true;
        }

        private static boolean isInteger(@Nullable JsonNode id) {
            return id != null && id.isIntegralNumber() && id.canConvertToLong();
        }

        /** The frame's message, or null (counted as a protocol error) after {@code malformed} was told why not. */
        private @Nullable QmpMessage decode(byte[] frame, Consumer<QmpProtocolException> malformed) {
            try {
                return codec.decodeMessage(frame);
            } catch (QmpProtocolException e) {
                protocolErrors.increment();
                malformed.accept(e);
                return null;
            }
        }

        /** A reply that no pending command claimed by its integer id (those were routed in onFrame). */
        private void onUnclaimedReply(QmpReply reply) {
            JsonNode id = reply.id();
            unknownIds.increment();
            if (id == null && reply.isError()) {
                LOG.warn("QMP {}: error without id (the server could not parse a request): {}", peer, reply.errorDescription());
            } else {
                LOG.debug("QMP {}: reply with unknown id {} (timed out, cancelled or not ours)", peer, id);
            }
        }

        @Override
        public void onGarbage(int bytes, byte[] sample) {
            protocolErrors.increment();
            if (state != ConnectionState.READY) {
                handshakeFailed(HandshakeFailures.garbage(peer, greeting != null, bytes, sample));
            } else {
                LOG.warn("QMP {}: skipped {} bytes of garbage between messages: {}", peer, bytes, Excerpt.of(sample, bytes));
            }
        }

        @Override
        public void onBrokenMessage(int bytes, byte[] start) {
            protocolErrors.increment();
            if (state != ConnectionState.READY) {
                handshakeFailed(HandshakeFailures.broken(peer, greeting != null, bytes, start));
            } else {
                LOG.warn("QMP {}: dropped a broken message, cut by a newline (QEMU never sends one inside a message): {}", peer,
                        Excerpt.of(start, bytes));
            }
        }

        @Override
        public void onTransportError(Throwable cause) {
            Throwable real = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (transportFailure == null && !closeRequested && !quitSent) {
                transportFailure = real;
            }
        }

        @Override
        public void onInactive() {
            end(closeRequested ? null : transportFailure);
        }
    }

}
