package dev.qmpsdk.reactive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpFdPassingException;
import dev.qmpsdk.core.QmpOobUnavailableException;
import dev.qmpsdk.core.QmpTransportUnavailableException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.core.protocol.ReplyIds;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.FdSource;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpClientStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One monitor connection's protocol, from the socket up: it sets up the pipeline, runs the {@link Handshake}, registers
 * and writes commands ({@link PendingCommands}, {@link RequestWriter}), routes every inbound frame (replies by id to
 * their command, events to the {@link EventHub}) and ends everything when the connection ends. The public clients are
 * thin facades over it; data flows one way: facade → session → pipeline → wire, and back from the pipeline through
 * the session's {@link Inbound} to the commands and event buffers.
 *
 * <p>A session serves one connection: {@link #connect()} (or {@link #accept(Connection)}) at most once. It exists
 * before the connection does, so its event stream can be subscribed to before connecting and sees the events that
 * arrive before and during the handshake.
 *
 * <pre>{@code
 * QmpSession session = new QmpSession(options);
 * session.events().subscribe(e -> true).subscribe(System.out::println);
 * session.connect().block();
 * StatusInfo s = session.execute(Request.typed(QmpCommands.QUERY_STATUS, null), Duration.ofSeconds(5)).block();
 * }</pre>
 */
public final class QmpSession {
    private static final String QUERY_QMP_SCHEMA = "query-qmp-schema";
    /** Reactor's "cache forever" for {@code Mono.cache(ttl...)}. */
    private static final Duration KEEP = Duration.ofMillis(Long.MAX_VALUE);
    private static final Logger LOG = Loggers.getLogger(QmpSession.class);

    /** At most this many flushes are merged into one write system call. */
    private static final int FLUSHES_PER_SYSCALL = 256;
    /**
     * Netty's own outbound buffer: past the high mark the channel is not writable and requests wait in the
     * {@link RequestWriter}, where one whose caller gave up can still be dropped.
     */
    private static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final QmpClientOptions options;
    private final QmpCodec codec;
    private final String peer;
    private final PendingCommands pending = new PendingCommands();
    private final EventHub events;
    private final Handshake handshake;
    private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final LongAdder replies = new LongAdder();
    private final LongAdder unknownIds = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();

    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile @Nullable Connection connection;
    private volatile @Nullable RequestWriter writer;
    private volatile boolean oob;
    private volatile boolean closeRequested;
    /** Set when {@code quit} is sent: the server closing afterwards, even by a reset, is the expected end. */
    private volatile boolean quitSent;
    private volatile @Nullable Throwable transportFailure;
    /** This connection's {@code query-qmp-schema}, asked on first use and kept; a failed attempt is not kept. */
    private final Mono<ServerSchema> serverSchema;
    private final PreSendCheck preSendCheck;
    /** Observers of this connection (issue 16); null when observability is off: every hook is then one null check. */
    private final @Nullable SessionObserver observer;
    /** Descriptor-passing commands go one at a time (see {@link FdGate}). */
    private final FdGate fdGate = new FdGate();
    /**
     * Netty sends a descriptor with one byte of its own (a NUL here), which QEMU's JSON lexer answers with an error
     * without id ("JSON parse error, stray ..."), resetting its parser as the QMP spec describes; that one error is
     * expected, not counted, while a descriptor's command is in flight.
     */
    private volatile boolean strayFdByteExpected;

    public QmpSession(QmpClientOptions options) {
        this(options, options.address().toString());
    }

    /** A session observed as VM {@code vmId} (a fleet's VM id; a single client's is its address). */
    public QmpSession(QmpClientOptions options, String vmId) {
        this.options = options;
        this.observer = SessionObserver.of(options, vmId);
        this.codec = QmpCodec.of(options.eventTypes()).withStrict(options.strict());
        this.peer = options.address().toString();
        Scheduler delivery = options.eventScheduler();
        this.events = new EventHub(options.eventBufferSize(), options.eventOverflowPolicy(),
                delivery != null ? delivery : EventDeliveryThreads.SCHEDULER);
        this.handshake = new Handshake(this);
        this.preSendCheck = new PreSendCheck(codec, peer, observer);
        if (observer != null) {
            events.onDropped(() -> observer.eventDropped(options.eventOverflowPolicy()));
        }
        this.serverSchema = executeUnchecked(Request.raw(QUERY_QMP_SCHEMA, null), options.commandTimeout())
                .map(answer -> ServerSchema.decode(answer, options.strict()))
                .cache(schema -> KEEP, failure -> Duration.ZERO, () -> Duration.ZERO);
        states.tryEmitNext(ConnectionState.CONNECTING);
    }

    /**
     * Connects, reads the greeting and negotiates capabilities, all within the connect timeout. The first subscription
     * does it; a later one (or one after {@link #accept}) completes when the session is READY and fails when it ended
     * (a session serves one connection). On failure the session has ended (FAILED) and the error says why: see
     * {@code QmpClient.connect()}.
     */
    public Mono<Void> connect() {
        return Mono.defer(() -> {
            if (!started.compareAndSet(false, true)) {
                return ready();
            }
            if (ended.get()) {
                return Mono.error(new QmpConnectionException("cannot connect to " + peer + ": the client was closed before it connected"));
            }
            Duration deadline = options.connectTimeout();
            return Transport.connect(options, this::attach)
                    .then(Mono.defer(this::negotiate))
                    // On the connection's event loop, not Reactor's parallel threads (which would outlive close()).
                    .timeout(LoopTimer.delay(Transport.loop(options).onClient(true), deadline), Mono.error(() -> handshake.timedOut(deadline)))
                    .onErrorMap(e -> !(e instanceof QmpException), e -> new QmpConnectionException(
                            "cannot connect to the QMP monitor at " + peer + ": " + Transport.describe(e), e))
                    .doOnError(this::fail);
        });
    }

    /** Completes once READY; fails if the session ends first. */
    private Mono<Void> ready() {
        return states.asFlux()
                .filter(s -> s == ConnectionState.READY || s.isTerminal())
                .next()
                .switchIfEmpty(Mono.fromSupplier(() -> state))
                .flatMap(s -> s == ConnectionState.READY ? Mono.<Void>empty() : Mono.error(new QmpConnectionException(
                        "the connection to " + peer + " is " + s.name().toLowerCase() + "; a client connects once (create a new one)")));
    }

    /**
     * Accept mode: QEMU connected to our socket; set up the pipeline and run the handshake on {@code conn}, within
     * the connect timeout. Called on the event loop, before anything is read.
     */
    public Mono<Void> accept(Connection conn) {
        if (!started.compareAndSet(false, true)) {
            conn.dispose();
            return Mono.error(new IllegalStateException("this session has a connection already"));
        }
        attach(conn);
        Duration deadline = options.connectTimeout();
        return Mono.defer(this::negotiate)
                .timeout(LoopTimer.delay(conn.channel().eventLoop(), deadline), Mono.error(() -> handshake.timedOut(deadline)))
                .doOnError(this::fail);
    }

    /** Attaches the freshly connected transport; runs on the event loop before the first byte is read. */
    private void attach(Connection conn) {
        this.connection = conn;
        if (ended.get()) {
            conn.dispose();   // closed while connecting: nothing may stay open
            return;
        }
        events.publishFrom(conn.channel().eventLoop());
        // Commands sent while replies are being read (a pipeline refilling from its reply callbacks) arrive as many
        // small flushes; coalesce those into fewer system calls, flushed at the end of the read. Outside a read, flush
        // at once: the RequestWriter already writes everything queued with one flush, and deferring a lone command's
        // flush to another loop task cost a sequential caller ~10 us of client CPU per command (BENCHMARKS.md, scenario 6).
        if (options.tls() == null) {
            conn.channel().pipeline().addFirst("qmp-flush", new FlushConsolidationHandler(FLUSHES_PER_SYSCALL, false));
        }
        Channel channel = conn.channel();
        channel.config().setWriteBufferWaterMark(WRITE_BUFFER);
        RequestWriter requests = new RequestWriter(channel, pending, options.maxQueuedRequestBytes());
        if (options.tls() != null) {
            requests.nudgeEachFlush();
        }
        pending.onGaveUp(requests::commandGaveUp);
        this.writer = requests;
        Inbound inbound = new Inbound();
        conn.addHandlerLast("qmp-frames", new QmpFrameDecoder(options.maxFrameSize(), inbound));
        conn.addHandlerLast("qmp-requests", requests);
        conn.addHandlerLast("qmp-session", new QmpChannelHandler(inbound));
        // reactor-netty reads only on demand from inbound().receive(); the session consumes every frame in its
        // own handler instead, so the socket is read whenever bytes arrive.
        channel.config().setAutoRead(true);
        setState(ConnectionState.NEGOTIATING);
    }

    private Mono<Void> negotiate() {
        return handshake.negotiate(options.requestOob(), options.connectTimeout())
                .doOnNext(useOob -> {
                    oob = useOob;
                    setState(ConnectionState.READY);
                })
                .then();
    }

    // ------------------------------------------------------------------ commands

    /**
     * A cold command: each subscription sends {@code request} once, under an id of its own, with this deadline. With
     * {@code checkAgainstServer} the first one fetches the server's schema, and a command or argument member the
     * server lacks fails with {@code QmpUnsupportedCommandException} without being sent.
     */
    public <R> Mono<R> execute(Request<R> request, Duration timeout) {
        if (!options.checkAgainstServer()) {
            return executeUnchecked(request, timeout);
        }
        return serverSchema.flatMap(schema -> {
            preSendCheck.require(schema, greeting(), request);
            return executeUnchecked(request, timeout);
        });
    }

    /** {@link #execute} without the check against the server's schema: the handshake and the schema's own fetch. */
    <R> Mono<R> executeUnchecked(Request<R> request, Duration timeout) {
        Mono<R> command = CommandMono.of(this, request, timeout);
        return request.fd() == null ? command : fdGate.inTurn(command, () -> strayFdByteExpected = false);
    }

    /**
     * What the server says about itself ({@code query-qmp-schema}), asked once per connection: the first subscriber
     * sends the command, later ones get the kept answer. A failure (timeout, closed connection) is not kept.
     */
    public Mono<ServerSchema> serverSchema() {
        return serverSchema;
    }

    /** Registers the subscribed command and writes its request, or fails it saying why it cannot be sent. */
    void send(PendingCommand<?> command) {
        Connection conn = connection;
        RequestWriter requests = writer;
        if (state.isTerminal() || conn == null || requests == null) {
            command.fail(new QmpConnectionException("cannot send '" + command.name() + "': the connection to " + peer + " is "
                    + (state.isTerminal() || conn != null ? state.name().toLowerCase() : "not open yet (connect() first)")));
            return;
        }
        if (command.request().forcesOob() && !oob) {
            command.fail(new QmpOobUnavailableException("cannot send '" + command.name() + "' out of band (exec-oob) to " + peer + ": "
                    + (offersOob()
                            ? "the server offers the oob capability but this client did not ask for it (QmpClientOptions.requestOob(false))"
                            : "the server did not offer the oob capability (QEMU offers it on a monitor with its own I/O thread: "
                            + "-qmp unix:PATH,server=on,wait=off, or -mon with an id)")));
            return;
        }
        FdSource fdSource = command.request().fd();
        if (fdSource != null && !(conn.channel() instanceof DomainSocketChannel)) {
            command.fail(new QmpTransportUnavailableException("cannot pass " + fdSource + " with '" + command.name() + "' to " + peer
                    + ": file descriptors travel only over a Unix socket (SCM_RIGHTS), not over " + describeChannel(conn.channel())));
            return;
        }
        long id = ReplyIds.NONE;
        PassedFd fd = null;
        try {
            Channel channel = conn.channel();
            boolean mayGoUnnumbered = state == ConnectionState.READY && fdSource == null && !command.request().forcesOob()
                    && !strayFdByteExpected && idsOptional();
            id = pending.add(command, channel.eventLoop(), mayGoUnnumbered);
            ByteBuf request = encode(channel, command, id, pending.isUnnumbered(id) ? ReplyIds.NONE : id);
            if (request == null) {
                return;
            }
            if (fdSource != null) {
                try {
                    fd = PassedFd.resolve(fdSource, command.name());
                } catch (QmpFdPassingException e) {
                    request.release();
                    if (pending.withdraw(id) != null) {
                        command.fail(e);
                    }
                    return;
                }
                strayFdByteExpected = true;
            }
            CommandTrace trace = command.trace();
            if (trace != null && observer != null) {
                observer.sent(trace, id, request);
            }
            if (command.name().equals("quit")) {
                quitSent = true;
            }
            long sentId = id;
            ChannelFutureListener onFailure = f -> {
                if (!f.isSuccess() && pending.withdraw(sentId) != null) {
                    writeFailed(f.cause());
                    command.fail(new QmpConnectionException("cannot send '" + command.name() + "' to " + peer + ": "
                            + Transport.describe(f.cause()), f.cause()));
                }
            };
            PassedFd passed = fd;
            fd = null;   // the writer owns it now: written, or done when it is not
            if (!requests.write(command, id, request, passed, onFailure) && pending.withdraw(id) != null) {
                command.fail(new QmpConnectionException(ended.get() || requests.closed() ? "cannot send '" + command.name() + "': the connection to " + peer + " ended"
                        : "cannot send '" + command.name() + "' to " + peer + ": " + requests.queuedBytes() + " bytes of requests already wait "
                        + "to be written because the server is not reading (hung or stopped?); the limit is "
                        + "QmpClientOptions.maxQueuedRequestBytes(" + requests.maxQueuedBytes() + ")"));
                return;
            }
        } catch (RuntimeException e) {
            if (fd != null) {
                fd.done();
            }
            if (id == ReplyIds.NONE || pending.withdraw(id) != null) {
                command.fail(new QmpConnectionException("cannot send '" + command.name() + "' to " + peer + ": " + Transport.describe(e), e));
            }
            return;
        }
        if (ended.get() && pending.remove(id) != null) {
            // The connection ended while this command was being registered, after end() drained the rest.
            command.connectionEnded(new QmpConnectionException("connection to " + peer + " closed before '" + command.name() + "' was answered"));
        }
    }

    /**
     * On the event loop, a request could not be written (broken pipe, reset): the connection is over. The session ends
     * here, before the command is failed, so that its caller (and whatever it sends next) sees the terminal state; Netty
     * closes the channel only after the failed write's listeners have run.
     */
    private void writeFailed(Throwable cause) {
        // A broken pipe means the server closed its end, as an end of stream read first would have said: CLOSED, not
        // FAILED, whichever of the two the event loop happens to see first.
        if (!(cause instanceof Errors.NativeIoException e && e.expectedErr() == Errors.ERRNO_EPIPE_NEGATIVE)) {
            noteTransportFailure(cause);
        }
        end(closeRequested ? null : transportFailure);   // as when the channel goes inactive
        Connection conn = connection;
        if (conn != null) {
            conn.dispose();
        }
    }

    /** The first transport error is the connection's failure, unless the end was asked for (close, quit). */
    private void noteTransportFailure(Throwable cause) {
        if (transportFailure == null && !closeRequested && !quitSent) {
            transportFailure = cause;
        }
    }

    private boolean offersOob() {
        QmpGreeting greeting = greeting();
        return greeting != null && greeting.offersOob();
    }

    private static String describeChannel(Channel channel) {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress ? "TCP" : channel.getClass().getSimpleName();
    }

    /**
     * Whether a command alone on the connection may go without an id (see {@link PendingCommands#add(PendingCommand,
     * io.netty.channel.EventLoop, boolean)}). Not during the handshake, whose replies the Handshake matches by id; not
     * for out-of-band or descriptor-passing commands (checked by the caller: QEMU may answer a descriptor's stray byte with
     * an error without id); not when the options say so; and with out-of-band execution negotiated only from QEMU 3.0 on
     * (2.12's experimental out-of-band support wanted an id on every command).
     */
    private boolean idsOptional() {
        if (options.alwaysSendIds()) {
            return false;
        }
        QmpGreeting greeting = handshake.greeting();
        return !oob || (greeting != null && greeting.major() >= 3);
    }

    /**
     * The request in a pooled buffer, or null when the arguments cannot be written (the command has failed then).
     * {@code wireId} is the id written ({@link ReplyIds#NONE}: none), {@code id} the command's.
     */
    private @Nullable ByteBuf encode(Channel channel, PendingCommand<?> command, long id, long wireId) {
        ByteBuf request = channel.alloc().buffer(96);
        try {
            command.request().write(codec, new ByteBufOutputStream(request), wireId, oob);
            return request;
        } catch (IOException | RuntimeException e) {
            request.release();
            if (pending.withdraw(id) != null) {
                command.fail(e instanceof QmpException q ? q
                        : new QmpException("cannot write the request for '" + command.name() + "': " + e.getMessage(), e));
            }
            return null;
        }
    }

    /** Completes the pending command with this id with the reply frame; false when there is none. */
    boolean completePending(long id, byte[] frame) {
        PendingCommand<?> p = pending.answered(id);
        if (p == null) {
            return false;
        }
        replies.increment();
        if (observer != null) {
            observer.received(frame, p.trace());
        }
        p.complete(frame, greeting());
        return true;
    }

    // ------------------------------------------------------------------ what the facades read

    /** This connection's event fan-out: subscribe with a filter, or attach a fleet's merged buffers. */
    public EventHub events() {
        return events;
    }

    public Flux<ConnectionState> states() {
        return states.asFlux();
    }

    public ConnectionState state() {
        return state;
    }

    public @Nullable QmpGreeting greeting() {
        return handshake.greeting();
    }

    public boolean oobEnabled() {
        return oob;
    }

    public QmpClientOptions options() {
        return options;
    }

    public int pendingCommands() {
        return pending.size();
    }

    public QmpClientStats stats() {
        RequestWriter requests = writer;
        return new QmpClientStats(requests == null ? 0 : requests.written(), replies.sum(), unknownIds.sum(), events.received(),
                events.dropped(), protocolErrors.sum(), requests == null ? 0 : requests.dropped(),
                requests == null ? 0 : requests.queuedBytes());
    }

    QmpCodec codec() {
        return codec;
    }

    /** Starts observing a subscribed command; null (nothing done, nothing allocated) when observability is off. */
    @Nullable CommandTrace trace(PendingCommand<?> command) {
        SessionObserver o = observer;
        return o == null ? null : o.start(command.name(), command.currentContext());
    }

    String peer() {
        return peer;
    }

    void protocolError() {
        protocolErrors.increment();
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
            // Not conn.onDispose(): Netty completes the close future before channelInactive reaches the session,
            // so that would complete while the state is still READY. The state stream completes in end(); then the
            // events received before the end are delivered to the subscribers (EventHub.delivered).
            return states.asFlux().then(delivered);
        });
    }

    public void dispose() {
        closeRequested = true;
        Connection conn = connection;
        if (conn != null) {
            conn.dispose();
        } else {
            end(null);
        }
    }

    public boolean isDisposed() {
        return state.isTerminal();
    }

    /**
     * Serialized: states come from the event loop and, on a failed connect, from the caller's or a timer's thread,
     * and a sink refuses (FAIL_NON_SERIALIZED) an emission that overlaps another.
     */
    private void setState(ConnectionState next) {
        synchronized (states) {
            if (state.isTerminal()) {
                return;
            }
            state = next;
            states.tryEmitNext(next);
        }
        if (observer != null) {
            observer.stateChanged(next);
        }
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
        if (handshake.greeting() == null && !closeRequested) {
            why += " before sending a QMP greeting (is it a QMP monitor? QEMU: -qmp unix:PATH,server=on,wait=off)";
            if (options.tls() != null) {
                why += "; over TLS, QEMU also hangs up right after the handshake when it verifies clients (verify-peer=on) and "
                        + "no client certificate it trusts was sent (QmpClientOptions.tlsPem with the client certificate and key)";
            }
        }
        QmpConnectionException handshakeFailure = handshake.failure();
        QmpConnectionException failure = clean
                ? new QmpConnectionException("connection to " + peer + " closed: " + why)
                : handshakeFailure != null ? handshakeFailure
                : new QmpConnectionException("connection to " + peer + " failed: " + why, cause);
        // The state first: a pending command's error callback that looks at the session sees it ended.
        setState(clean ? ConnectionState.CLOSED : ConnectionState.FAILED);
        for (PendingCommand<?> p : pending.drain()) {
            p.connectionEnded(failure);
        }
        handshake.ended(failure);
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
        return "QmpSession{" + peer + ", " + state + "}";
    }

    /** What the pipeline hands the session, on the event loop: frames, skipped bytes, errors and the end. */
    private final class Inbound implements QmpChannelHandler.Listener {
        @Override
        public void onFrame(byte[] frame) {
            if (state != ConnectionState.READY) {
                if (observer != null) {
                    observer.received(frame, null);
                }
                handshake.onFrame(frame);
                return;
            }
            // Replies to our commands, the common case, are routed by id before any parsing and then decoded
            // once, straight into the command's type.
            long id = ReplyIds.find(frame);
            if (id != ReplyIds.NONE && completePending(id, frame)) {
                return;
            }
            QmpMessage message;
            try {
                message = codec.decodeMessage(frame);
            } catch (QmpProtocolException e) {
                if (ReplyIds.startsAsReply(frame)) {
                    long unnumbered = pending.takeUnnumbered();
                    if (unnumbered != ReplyIds.NONE && completePending(unnumbered, frame)) {
                        return;   // the reply of the command sent without an id: it fails with what is wrong
                    }
                }
                protocolErrors.increment();
                if (observer != null) {
                    observer.received(frame, null);
                    observer.frameSkipped("malformed");
                }
                LOG.warn("QMP {}: dropped a malformed message: {}", peer, e.getMessage());
                return;
            }
            if (message instanceof QmpReply reply && reply.id() == null && !isParseError(reply)) {
                long unnumbered = pending.takeUnnumbered();
                if (unnumbered != ReplyIds.NONE) {
                    // The reply of the command sent without an id; observed with it (redacted by its request) when
                    // it still waits.
                    if (!completePending(unnumbered, frame)) {
                        if (observer != null) {
                            observer.received(frame, null);
                        }
                        unknownIds.increment();
                        LOG.debug("QMP {}: late reply without id (the command sent without one timed out or was cancelled)", peer);
                    }
                    return;
                }
            }
            if (observer != null) {
                observer.received(frame, null);
            }
            if (message instanceof QmpReply reply) {
                onUnclaimedReply(reply);
            } else if (message instanceof QmpEvent event) {
                if (observer != null) {
                    observer.eventReceived(event.eventName());
                }
                events.publish(event);
            } else if (message instanceof QmpGreeting) {
                protocolErrors.increment();
                LOG.warn("QMP {}: ignored a second greeting", peer);
            } else {
                protocolErrors.increment();
                LOG.warn("QMP {}: ignored a message a server does not send: {}", peer, message);
            }
        }

        /** A reply that no pending command claimed by its integer id (those were routed in onFrame). */
        private void onUnclaimedReply(QmpReply reply) {
            JsonNode id = reply.id();
            if (id == null && reply.isError() && strayFdByteExpected) {
                strayFdByteExpected = false;
                LOG.debug("QMP {}: the server's answer to the byte sent with a file descriptor: {}", peer, reply.errorDescription());
                return;
            }
            unknownIds.increment();
            if (id == null && reply.isError()) {
                LOG.warn("QMP {}: error without id (the server could not parse a request): {}", peer, reply.errorDescription());
            } else {
                LOG.debug("QMP {}: reply with unknown id {} (timed out, cancelled or not ours)", peer, id);
            }
        }

        /** QEMU's answer to bytes it could not parse: it has no id, and answers no request of ours. */
        private boolean isParseError(QmpReply reply) {
            String description = reply.isError() ? reply.errorDescription() : null;
            return description != null && description.startsWith("JSON parse error");
        }

        @Override
        public void onGarbage(int bytes, byte[] sample) {
            protocolErrors.increment();
            if (observer != null) {
                observer.frameSkipped("garbage");
            }
            if (state != ConnectionState.READY) {
                handshake.onGarbage(bytes, sample);
            } else {
                LOG.warn("QMP {}: skipped {} bytes of garbage between messages: {}", peer, bytes, Excerpt.of(sample, bytes));
            }
        }

        @Override
        public void onBrokenMessage(int bytes, byte[] start) {
            protocolErrors.increment();
            if (observer != null) {
                observer.frameSkipped("broken");
            }
            if (state != ConnectionState.READY) {
                handshake.onBrokenMessage(bytes, start);
            } else {
                LOG.warn("QMP {}: dropped a broken message, cut by a newline (QEMU never sends one inside a message): {}", peer,
                        Excerpt.of(start, bytes));
            }
        }

        @Override
        public void onTransportError(Throwable cause) {
            noteTransportFailure(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
        }

        @Override
        public void onInactive() {
            end(closeRequested ? null : transportFailure);
        }
    }
}
