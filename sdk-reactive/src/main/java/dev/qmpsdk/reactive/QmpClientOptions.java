package dev.qmpsdk.reactive;

import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.reactive.observe.QmpObservability;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.resources.LoopResources;

/**
 * Immutable settings of one QMP connection. Built by a {@link Builder} ({@link #builder(QmpAddress)}, or the
 * {@link #unix(Path)} and {@link #tcp(String, int)} shortcuts), changed by copying ({@link #mutate()}); nothing happens
 * until {@link QmpClient#connect()}. Every setting has a public {@code DEFAULT_*} constant, and every builder method
 * checks its value at once, failing with an {@link IllegalArgumentException} that names the setting and the value.
 *
 * <pre>{@code
 * QmpClientOptions options = QmpClientOptions.unix(Path.of("/run/vm1.qmp"))
 *         .commandTimeout(Duration.ofSeconds(5))
 *         .eventBufferSize(4096)
 *         .eventOverflowPolicy(OverflowPolicy.DROP_OLDEST)
 *         .build();
 * QmpClientOptions patient = options.mutate().connectTimeout(Duration.ofMinutes(1)).build();
 * }</pre>
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>Event loop</b> ({@link Builder#loopResources}; by default one daemon thread, {@code qmp-epoll-N} or
 *       {@code qmp-nio-N}, shared by every connection of the process; a {@link QmpFleet} has its own): reads and
 *       frames the socket, routes each reply to its command by id, decodes replies and events, appends events to the
 *       subscribers' buffers, writes requests, and fires command deadlines (one sweep timer per connection). Code
 *       that subscribes to a command's {@code Mono} runs there when the reply arrives, unless it moves elsewhere
 *       ({@code publishOn}); it must not block.</li>
 *   <li><b>Event delivery</b> ({@link Builder#eventScheduler}; by default the SDK's {@code qmp-events-N} threads, one
 *       per live subscription): runs event subscribers' code, so a subscriber that blocks delays only itself. The
 *       event loop never waits for a subscriber: a subscriber that falls behind loses events by its
 *       {@link OverflowPolicy}. With a scheduler of your own, subscriptions that share one of its threads wait for
 *       each other.</li>
 *   <li><b>The caller's thread</b>: building a command {@code Mono} does nothing; subscribing to it registers the
 *       command and writes its request (or hands it to the event loop when the socket is busy).</li>
 * </ul>
 */
public final class QmpClientOptions {
    /** Connecting, greeting and {@code qmp_capabilities} together must finish within this. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A command's deadline unless the call gives its own. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** The largest message accepted (16 MiB; {@code query-qmp-schema} is about 200 KB). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /** The smallest maximum frame size accepted: a QMP greeting alone needs a few hundred bytes. */
    public static final int MIN_MAX_FRAME_SIZE = 1024;
    /** Events buffered per subscriber before the overflow policy applies. */
    public static final int DEFAULT_EVENT_BUFFER_SIZE = 1024;
    /** What a subscriber's full event buffer does by default: drop the oldest event, counted. */
    public static final OverflowPolicy DEFAULT_EVENT_OVERFLOW_POLICY = OverflowPolicy.DROP_OLDEST;
    /** Ask for out-of-band execution when the server offers it. */
    public static final boolean DEFAULT_REQUEST_OOB = true;
    /** Tolerant decoding: unknown members, enum values and events of a newer server are kept, not errors. */
    public static final boolean DEFAULT_STRICT = false;
    /** Commands are sent without first checking them against the server's schema. */
    public static final boolean DEFAULT_CHECK_AGAINST_SERVER = false;
    /** Bytes of requests that may wait for a server that does not read (8 MiB, tens of thousands of requests). */
    public static final int DEFAULT_MAX_QUEUED_REQUEST_BYTES = 8 * 1024 * 1024;
    /** The smallest bound on waiting requests accepted. */
    public static final int MIN_MAX_QUEUED_REQUEST_BYTES = 1024;
    /** The events decoded into generated types: those of the SDK's own schema (QEMU 2.11.2). */
    public static final EventRegistry DEFAULT_EVENT_TYPES = QmpEvents.REGISTRY;
    /** Off: a command alone on its connection goes without an id (see {@link Builder#alwaysSendIds}). */
    public static final boolean DEFAULT_ALWAYS_SEND_IDS = false;

    private final QmpAddress address;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int maxFrameSize;
    private final int eventBufferSize;
    private final OverflowPolicy eventOverflowPolicy;
    private final @Nullable LoopResources loopResources;
    private final @Nullable Scheduler eventScheduler;
    private final boolean requestOob;
    private final boolean strict;
    private final boolean checkAgainstServer;
    /** Whether the builder was told {@code checkAgainstServer}: a fleet's default applies only where it was not. */
    private final boolean checkAgainstServerSet;
    private final EventRegistry eventTypes;
    private final int maxQueuedRequestBytes;
    private final QmpObservability observability;
    private final @Nullable SslContext tls;
    private final boolean alwaysSendIds;

    private QmpClientOptions(Builder b) {
        this.address = b.address;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.maxFrameSize = b.maxFrameSize;
        this.eventBufferSize = b.eventBufferSize;
        this.eventOverflowPolicy = b.eventOverflowPolicy;
        this.loopResources = b.loopResources;
        this.eventScheduler = b.eventScheduler;
        this.requestOob = b.requestOob;
        this.strict = b.strict;
        this.checkAgainstServer = b.checkAgainstServer;
        this.checkAgainstServerSet = b.checkAgainstServerSet;
        this.eventTypes = b.eventTypes;
        this.maxQueuedRequestBytes = b.maxQueuedRequestBytes;
        this.observability = b.observability;
        this.tls = b.tls;
        this.alwaysSendIds = b.alwaysSendIds;
    }

    /** A builder for a monitor at {@code address}, every other setting at its default. */
    public static Builder builder(QmpAddress address) {
        return new Builder(address);
    }

    /** {@link #builder(QmpAddress)} for a Unix socket ({@code -qmp unix:PATH,server=on,wait=off}). */
    public static Builder unix(Path socket) {
        return builder(QmpAddress.unix(socket));
    }

    /** {@link #builder(QmpAddress)} for a TCP monitor ({@code -qmp tcp:HOST:PORT,server=on,wait=off}). */
    public static Builder tcp(String host, int port) {
        return builder(QmpAddress.tcp(host, port));
    }

    /** A builder holding these settings, to derive changed options from them. */
    public Builder mutate() {
        return new Builder(this);
    }

    /** Where the monitor is. */
    public QmpAddress address() {
        return address;
    }

    /** The deadline of connect, greeting and {@code qmp_capabilities} together. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** A command's deadline unless the call gives its own. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The largest message accepted, in bytes. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Events buffered per subscriber before {@link #eventOverflowPolicy()} applies. */
    public int eventBufferSize() {
        return eventBufferSize;
    }

    /** What a subscriber's full event buffer does. */
    public OverflowPolicy eventOverflowPolicy() {
        return eventOverflowPolicy;
    }

    /** The event loop; null for the SDK's shared one. */
    public @Nullable LoopResources loopResources() {
        return loopResources;
    }

    /** Whether every command carries an id, even one alone on its connection. */
    public boolean alwaysSendIds() {
        return alwaysSendIds;
    }

    /** Where event subscribers' code runs; null for the SDK's delivery threads (a thread per live subscription). */
    public @Nullable Scheduler eventScheduler() {
        return eventScheduler;
    }

    /** Whether out-of-band execution is asked for when the server offers it. */
    public boolean requestOob() {
        return requestOob;
    }

    /** Whether unknown members, enum values and events are errors. */
    public boolean strict() {
        return strict;
    }

    /** Whether each command is checked against the server's schema before it is sent (see the builder's setter). */
    public boolean checkAgainstServer() {
        return checkAgainstServer;
    }

    /** Whether {@code checkAgainstServer} was set on the builder (then a {@link QmpFleetDefaults} does not change it). */
    boolean checkAgainstServerSet() {
        return checkAgainstServerSet;
    }

    /** The events decoded into generated types. */
    public EventRegistry eventTypes() {
        return eventTypes;
    }

    /** How many bytes of requests may wait while the server does not read them. */
    public int maxQueuedRequestBytes() {
        return maxQueuedRequestBytes;
    }

    /** Metrics, wire log, audit trail and observers of this connection; {@link QmpObservability#OFF} by default. */
    public QmpObservability observability() {
        return observability;
    }

    /** The TLS client context of a monitor protected by QEMU's {@code tls-creds-x509}; null for a plain connection. */
    public @Nullable SslContext tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "QmpClientOptions{" + address + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", maxFrameSize=" + maxFrameSize + ", eventBufferSize=" + eventBufferSize + ", eventOverflowPolicy=" + eventOverflowPolicy
                + ", requestOob=" + requestOob + ", strict=" + strict + ", checkAgainstServer=" + checkAgainstServer + ", maxQueuedRequestBytes=" + maxQueuedRequestBytes
                + (loopResources == null ? "" : ", loopResources=" + loopResources)
                + (eventScheduler == null ? "" : ", eventScheduler=" + eventScheduler)
                + (tls == null ? "" : ", tls") + (alwaysSendIds ? ", alwaysSendIds" : "") + "}";
    }

    /**
     * Collects settings, one per method, each checked when it is set; {@link #build()} makes the immutable options.
     *
     * <pre>{@code
     * QmpClientOptions options = QmpClientOptions.tcp("127.0.0.1", 4444).strict(true).build();
     * }</pre>
     */
    public static final class Builder {
        private QmpAddress address;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int eventBufferSize = DEFAULT_EVENT_BUFFER_SIZE;
        private OverflowPolicy eventOverflowPolicy = DEFAULT_EVENT_OVERFLOW_POLICY;
        private @Nullable LoopResources loopResources;
        private @Nullable Scheduler eventScheduler;
        private boolean requestOob = DEFAULT_REQUEST_OOB;
        private boolean strict = DEFAULT_STRICT;
        private boolean checkAgainstServer = DEFAULT_CHECK_AGAINST_SERVER;
        private boolean checkAgainstServerSet;
        private EventRegistry eventTypes = DEFAULT_EVENT_TYPES;
        private int maxQueuedRequestBytes = DEFAULT_MAX_QUEUED_REQUEST_BYTES;
        private QmpObservability observability = QmpObservability.OFF;
        private @Nullable SslContext tls;
        private boolean alwaysSendIds = DEFAULT_ALWAYS_SEND_IDS;

        private Builder(QmpAddress address) {
            this.address = Objects.requireNonNull(address, "address");
        }

        private Builder(QmpClientOptions o) {
            this.address = o.address;
            this.connectTimeout = o.connectTimeout;
            this.commandTimeout = o.commandTimeout;
            this.maxFrameSize = o.maxFrameSize;
            this.eventBufferSize = o.eventBufferSize;
            this.eventOverflowPolicy = o.eventOverflowPolicy;
            this.loopResources = o.loopResources;
            this.eventScheduler = o.eventScheduler;
            this.requestOob = o.requestOob;
            this.strict = o.strict;
            this.checkAgainstServer = o.checkAgainstServer;
            this.checkAgainstServerSet = o.checkAgainstServerSet;
            this.eventTypes = o.eventTypes;
            this.maxQueuedRequestBytes = o.maxQueuedRequestBytes;
            this.observability = o.observability;
            this.tls = o.tls;
            this.alwaysSendIds = o.alwaysSendIds;
        }

        /** Where the monitor is. */
        public Builder address(QmpAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /** The deadline of connect, greeting and {@code qmp_capabilities} together; positive. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        /** A command's deadline unless the call gives its own; positive. */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = positive("commandTimeout", value);
            return this;
        }

        /** The largest message accepted, in bytes; at least {@value QmpClientOptions#MIN_MAX_FRAME_SIZE}. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = atLeast("maxFrameSize", bytes, MIN_MAX_FRAME_SIZE, "bytes (a QMP greeting alone needs a few hundred)");
            return this;
        }

        /** Events buffered per subscriber before the overflow policy applies; at least 1. */
        public Builder eventBufferSize(int events) {
            this.eventBufferSize = atLeast("eventBufferSize", events, 1, "event");
            return this;
        }

        /** What a subscriber's full event buffer does: drop the oldest or newest event (counted), or end its stream. */
        public Builder eventOverflowPolicy(OverflowPolicy value) {
            this.eventOverflowPolicy = Objects.requireNonNull(value, "eventOverflowPolicy");
            return this;
        }

        /** The event loop to run on; share one between many clients (that is the point). Null: the SDK's shared loop. */
        public Builder loopResources(@Nullable LoopResources value) {
            this.loopResources = value;
            return this;
        }

        /**
         * Where event subscribers' code runs. Null (the default): the SDK's delivery threads, one per live subscription,
         * so a subscriber that blocks delays nobody else. A scheduler of your own (say {@code Schedulers.single()}) saves
         * threads; subscriptions that share one of its threads then wait for each other.
         */
        public Builder eventScheduler(@Nullable Scheduler value) {
            this.eventScheduler = value;
            return this;
        }

        /**
         * Whether every command carries an id. By default a command alone on its connection (nothing else in flight or
         * still owed a reply) goes without one, and its reply is the next one without an id: QEMU answers in-band
         * commands in order, and reads a monitor one byte per turn of its loop, so the seven bytes of {@code ,"id":0}
         * cost a sequential caller about 70 µs per command on a VM (BENCHMARKS.md, scenario 6). Other commands take the
         * lowest id not in use. Set this when something between the client and QEMU matches replies by id (a QMP proxy
         * or multiplexer), or to see an id on every request in a wire log.
         *
         * <pre>{@code
         * QmpClientOptions viaProxy = QmpClientOptions.unix(Path.of("/run/qmp-proxy.sock")).alwaysSendIds(true).build();
         * }</pre>
         */
        public Builder alwaysSendIds(boolean value) {
            this.alwaysSendIds = value;
            return this;
        }

        /** Whether to enable out-of-band execution when the server offers it. */
        public Builder requestOob(boolean value) {
            this.requestOob = value;
            return this;
        }

        /** Strict decoding: unknown members, enum values and events are errors (for tests that pin a schema). */
        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        /**
         * Check each command against the server's schema ({@code query-qmp-schema}, fetched once per connection by the
         * first command) before sending it: a command, or an argument member, that the server does not have fails at
         * once with a {@link dev.qmpsdk.core.QmpUnsupportedCommandException} naming it and the server's version, and
         * nothing is sent; a command or argument member the server marks deprecated is logged once per connection.
         *
         * <pre>{@code
         * QmpClientOptions.unix(socket).checkAgainstServer(true).build();
         * }</pre>
         */
        public Builder checkAgainstServer(boolean value) {
            this.checkAgainstServer = value;
            this.checkAgainstServerSet = true;
            return this;
        }

        /** The events to decode into generated types (another generated schema's {@code QmpEvents.REGISTRY}). */
        public Builder eventTypes(EventRegistry value) {
            this.eventTypes = Objects.requireNonNull(value, "eventTypes");
            return this;
        }

        /**
         * How many bytes of requests may wait while the server does not read them (a hung or stopped QEMU); past it a
         * command fails at once with a {@link dev.qmpsdk.core.QmpConnectionException} instead of being queued. A request
         * whose caller gave up (timeout, cancellation) while waiting is dropped, never written. Netty's own write buffer
         * (64 KiB) comes on top. At least {@value QmpClientOptions#MIN_MAX_QUEUED_REQUEST_BYTES}.
         */
        public Builder maxQueuedRequestBytes(int bytes) {
            this.maxQueuedRequestBytes = atLeast("maxQueuedRequestBytes", bytes, MIN_MAX_QUEUED_REQUEST_BYTES, "bytes");
            return this;
        }

        /**
         * What this connection reports: Micrometer metrics, observations, the redacted wire log, the audit trail, your
         * own observers. Per client, or per fleet VM through that VM's options; {@link QmpObservability#OFF} (the default)
         * costs nothing.
         *
         * <pre>{@code
         * QmpClientOptions.unix(socket).observability(QmpObservability.builder().wireLog(true).build()).build();
         * }</pre>
         */
        public Builder observability(QmpObservability value) {
            this.observability = Objects.requireNonNull(value, "observability");
            return this;
        }

        /**
         * Talks TLS to a monitor protected by QEMU's {@code tls-creds-x509}
         * ({@code -object tls-creds-x509,id=tls0,dir=DIR,endpoint=server -chardev socket,...,tls-creds=tls0}) with this
         * client context (Netty's; it must be a client context). The server's certificate is checked against the
         * context's trust and its name against the address's host (an IP address needs an IP subject alternative name).
         * A failed TLS handshake fails {@code connect()} at once with a {@link dev.qmpsdk.core.QmpConnectionException}
         * saying so. Null: a plain connection.
         *
         * <pre>{@code
         * SslContext tls = SslContextBuilder.forClient().trustManager(caPem).keyManager(certPem, keyPem).build();
         * QmpClientOptions.tcp("10.0.0.5", 4444).tls(tls).build();
         * }</pre>
         */
        public Builder tls(@Nullable SslContext context) {
            if (context != null && !context.isClient()) {
                throw new IllegalArgumentException("QmpClientOptions.tls needs a client SslContext (SslContextBuilder.forClient()), got a server one");
            }
            this.tls = context;
            return this;
        }

        /**
         * {@link #tls(SslContext)} from PEM files: the CA certificate(s) that signed QEMU's server certificate
         * ({@code ca-cert.pem} of its credentials directory) and, when QEMU verifies clients ({@code verify-peer=on}), this
         * client's certificate chain and PKCS#8 private key ({@code client-cert.pem}, {@code client-key.pem}); both or
         * neither. Fails with an {@link IllegalArgumentException} naming the file that cannot be read.
         *
         * <pre>{@code
         * QmpClientOptions.tcp("10.0.0.5", 4444)
         *         .tlsPem(Path.of("/etc/pki/qemu/ca-cert.pem"), Path.of("client-cert.pem"), Path.of("client-key.pem"))
         *         .build();
         * }</pre>
         */
        public Builder tlsPem(Path caCertificates, @Nullable Path clientCertificate, @Nullable Path clientKey) {
            Objects.requireNonNull(caCertificates, "caCertificates");
            if ((clientCertificate == null) != (clientKey == null)) {
                throw new IllegalArgumentException("QmpClientOptions.tlsPem needs both the client certificate and its key, or neither; got "
                        + (clientCertificate == null ? "only a key: " + clientKey : "only a certificate: " + clientCertificate));
            }
            for (Path file : new Path[] {caCertificates, clientCertificate, clientKey}) {
                if (file != null && !java.nio.file.Files.isReadable(file)) {
                    throw new IllegalArgumentException("QmpClientOptions.tlsPem: cannot read " + file);
                }
            }
            try {
                SslContextBuilder builder = SslContextBuilder.forClient().trustManager(caCertificates.toFile());
                if (clientCertificate != null && clientKey != null) {
                    builder.keyManager(clientCertificate.toFile(), clientKey.toFile());
                }
                return tls(builder.build());
            } catch (SSLException | RuntimeException e) {
                throw new IllegalArgumentException("QmpClientOptions.tlsPem: cannot use " + caCertificates
                        + (clientCertificate == null ? "" : ", " + clientCertificate + ", " + clientKey) + ": " + e.getMessage(), e);
            }
        }

        /** The immutable options. */
        public QmpClientOptions build() {
            return new QmpClientOptions(this);
        }

        private static Duration positive(String setting, Duration value) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("QmpClientOptions." + setting + " must be positive, got " + value);
            }
            return value;
        }

        private static int atLeast(String setting, int value, int min, String unit) {
            if (value < min) {
                throw new IllegalArgumentException("QmpClientOptions." + setting + " must be at least " + min + " " + unit + ", got " + value);
            }
            return value;
        }
    }
}
