package dev.qmpsdk.reactive;

import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.qapi.QmpEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * Immutable client settings; every {@code withX} returns a changed copy, and nothing happens until
 * {@link QmpClient#connect(QmpClientConfig)}.
 *
 * <pre>{@code
 * QmpClientConfig config = QmpClientConfig.unix(Path.of("/run/vm1.qmp"))
 *         .withCommandTimeout(Duration.ofSeconds(5))
 *         .withEventBuffer(4096, OverflowPolicy.DROP_OLDEST);
 * }</pre>
 */
public final class QmpClientConfig {
    /** Connecting, greeting and {@code qmp_capabilities} together must finish within this. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A command's deadline unless the call gives its own. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** The largest message accepted (16 MiB; {@code query-qmp-schema} is about 200 KB). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /** Events buffered per subscriber before the overflow policy applies. */
    public static final int DEFAULT_EVENT_BUFFER_SIZE = 1024;
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP_OLDEST;
    /** Ask for out-of-band execution when the server offers it. */
    public static final boolean DEFAULT_REQUEST_OOB = true;
    /** Bytes of requests that may wait for a server that does not read (8 MiB, tens of thousands of requests). */
    public static final int DEFAULT_MAX_QUEUED_REQUEST_BYTES = 8 * 1024 * 1024;

    private final QmpAddress address;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int maxFrameSize;
    private final int eventBufferSize;
    private final OverflowPolicy overflowPolicy;
    private final @Nullable LoopResources loopResources;
    private final boolean requestOob;
    private final boolean strict;
    private final EventRegistry events;
    private final int maxQueuedRequestBytes;

    private QmpClientConfig(QmpAddress address, Duration connectTimeout, Duration commandTimeout, int maxFrameSize, int eventBufferSize,
            OverflowPolicy overflowPolicy, @Nullable LoopResources loopResources, boolean requestOob, boolean strict, EventRegistry events,
            int maxQueuedRequestBytes) {
        this.address = Objects.requireNonNull(address, "address");
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.commandTimeout = positive(commandTimeout, "commandTimeout");
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize + " is below 1024 bytes; QMP greetings alone need more");
        }
        if (eventBufferSize < 1) {
            throw new IllegalArgumentException("eventBufferSize must be at least 1, got " + eventBufferSize);
        }
        this.maxFrameSize = maxFrameSize;
        this.eventBufferSize = eventBufferSize;
        this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        this.loopResources = loopResources;
        this.requestOob = requestOob;
        this.strict = strict;
        this.events = Objects.requireNonNull(events, "events");
        if (maxQueuedRequestBytes < 1024) {
            throw new IllegalArgumentException("maxQueuedRequestBytes " + maxQueuedRequestBytes + " is below 1024 bytes");
        }
        this.maxQueuedRequestBytes = maxQueuedRequestBytes;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    /** Settings for a monitor at {@code address}, everything else default. */
    public static QmpClientConfig of(QmpAddress address) {
        return new QmpClientConfig(address, DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_FRAME_SIZE,
                DEFAULT_EVENT_BUFFER_SIZE, DEFAULT_OVERFLOW_POLICY, null, DEFAULT_REQUEST_OOB, false, QmpEvents.REGISTRY, DEFAULT_MAX_QUEUED_REQUEST_BYTES);
    }

    public static QmpClientConfig unix(Path socket) {
        return of(QmpAddress.unix(socket));
    }

    public static QmpClientConfig tcp(String host, int port) {
        return of(QmpAddress.tcp(host, port));
    }

    public QmpClientConfig withAddress(QmpAddress value) {
        return new QmpClientConfig(value, connectTimeout, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                requestOob, strict, events, maxQueuedRequestBytes);
    }

    public QmpClientConfig withConnectTimeout(Duration value) {
        return new QmpClientConfig(address, value, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                requestOob, strict, events, maxQueuedRequestBytes);
    }

    public QmpClientConfig withCommandTimeout(Duration value) {
        return new QmpClientConfig(address, connectTimeout, value, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                requestOob, strict, events, maxQueuedRequestBytes);
    }

    public QmpClientConfig withMaxFrameSize(int bytes) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, bytes, eventBufferSize, overflowPolicy, loopResources,
                requestOob, strict, events, maxQueuedRequestBytes);
    }

    /** Each event subscriber's buffer and what happens when it is full. */
    public QmpClientConfig withEventBuffer(int size, OverflowPolicy policy) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, maxFrameSize, size, policy, loopResources, requestOob,
                strict, events, maxQueuedRequestBytes);
    }

    /** The event loop to run on; share one between many clients (that is the point). Null: the SDK's shared loop. */
    public QmpClientConfig withLoopResources(@Nullable LoopResources value) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, value,
                requestOob, strict, events, maxQueuedRequestBytes);
    }

    /** Whether to enable out-of-band execution when the server offers it. */
    public QmpClientConfig withRequestOob(boolean value) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                value, strict, events, maxQueuedRequestBytes);
    }

    /** Strict decoding: unknown members, enum values and events are errors (for tests that pin a schema). */
    public QmpClientConfig withStrict(boolean value) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                requestOob, value, events, maxQueuedRequestBytes);
    }

    /** The events to decode into types (another generated schema's {@code QmpEvents.REGISTRY}). */
    public QmpClientConfig withEvents(EventRegistry value) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                requestOob, strict, value, maxQueuedRequestBytes);
    }

    /**
     * How many bytes of requests may wait while the server does not read them (a hung or stopped QEMU); past it a
     * command fails at once with a {@link dev.qmpsdk.core.QmpConnectionException} instead of being queued. A request
     * whose caller gave up (timeout, cancellation) while waiting is dropped, never written. Netty's own write buffer
     * (64 KiB) comes on top.
     *
     * <pre>{@code
     * QmpClientConfig config = QmpClientConfig.unix(socket).withMaxQueuedRequestBytes(1 << 20);
     * }</pre>
     */
    public QmpClientConfig withMaxQueuedRequestBytes(int bytes) {
        return new QmpClientConfig(address, connectTimeout, commandTimeout, maxFrameSize, eventBufferSize, overflowPolicy, loopResources,
                requestOob, strict, events, bytes);
    }

    public int maxQueuedRequestBytes() {
        return maxQueuedRequestBytes;
    }

    public QmpAddress address() {
        return address;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public int eventBufferSize() {
        return eventBufferSize;
    }

    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    public @Nullable LoopResources loopResources() {
        return loopResources;
    }

    public boolean requestOob() {
        return requestOob;
    }

    public boolean strict() {
        return strict;
    }

    public EventRegistry events() {
        return events;
    }

    @Override
    public String toString() {
        return "QmpClientConfig{" + address + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", maxFrameSize=" + maxFrameSize + ", eventBuffer=" + eventBufferSize + "/" + overflowPolicy + ", requestOob=" + requestOob
                + ", strict=" + strict + ", maxQueuedRequestBytes=" + maxQueuedRequestBytes + "}";
    }
}
