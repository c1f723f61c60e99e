package dev.qmpsdk.reactive.qga;

import dev.qmpsdk.reactive.QmpAddress;
import dev.qmpsdk.reactive.QmpClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * How a {@link QgaClient} reaches a guest agent and how long it waits for it. Immutable; {@link #mutate()} copies.
 * The address is qemu-ga's own socket ({@code qemu-ga -m unix-listen -p PATH}) or, for an agent inside a VM, the
 * host end of its virtio-serial port, a chardev socket QEMU listens on:
 *
 * <pre>{@code
 * // qemu-system-x86_64 ... -chardev socket,path=/run/vm1-qga.sock,server=on,wait=off,id=qga0 \
 * //     -device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0
 * QgaClientOptions options = QgaClientOptions.unix(Path.of("/run/vm1-qga.sock"))
 *         .readyTimeout(Duration.ofMinutes(3))       // the agent starts late in the guest's boot
 *         .commandTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * <p>Shared with the QMP client (and configured the same way): the transport, the event loop
 * ({@link Builder#loopResources}) and the maximum frame size. The agent's own: the sync deadline, the readiness
 * deadline of {@link QgaClient#connect()}, the backoff between connection attempts and whether to come back after the
 * agent goes away.
 */
public final class QgaClientOptions {
    /** Default deadline of one {@code guest-sync-delimited}: after it a new sync (fresh id) is sent. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(2);
    /** Default deadline of {@link QgaClient#connect()}: how long to wait for an agent to come up and answer. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    /** Default deadline of a command (queue, waiting for the agent and the reply together). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Default first pause between connection attempts; it doubles up to {@link #DEFAULT_MAX_BACKOFF}. */
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(50);
    /** Default longest pause between connection attempts. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

    private final QmpClientOptions transport;
    private final Duration syncTimeout;
    private final Duration readyTimeout;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final boolean reconnect;

    private QgaClientOptions(Builder b) {
        this.transport = b.transport.build();
        this.syncTimeout = b.syncTimeout;
        this.readyTimeout = b.readyTimeout;
        this.firstBackoff = b.firstBackoff;
        this.maxBackoff = b.maxBackoff;
        this.reconnect = b.reconnect;
    }

    /** Options for the agent at {@code address}. */
    public static Builder builder(QmpAddress address) {
        return new Builder(QmpClientOptions.builder(address).commandTimeout(DEFAULT_COMMAND_TIMEOUT));
    }

    /** Options for the agent's Unix socket (qemu-ga's own, or QEMU's chardev of the agent's virtio-serial port). */
    public static Builder unix(Path socket) {
        return builder(QmpAddress.unix(socket));
    }

    /** Options for an agent's chardev socket that QEMU exposes over TCP ({@code -chardev socket,host=...,port=...}). */
    public static Builder tcp(String host, int port) {
        return builder(QmpAddress.tcp(host, port));
    }

    public Builder mutate() {
        return new Builder(this);
    }

    public QmpAddress address() {
        return transport.address();
    }

    /** The deadline of one connection attempt. */
    public Duration connectTimeout() {
        return transport.connectTimeout();
    }

    public Duration commandTimeout() {
        return transport.commandTimeout();
    }

    public Duration syncTimeout() {
        return syncTimeout;
    }

    public Duration readyTimeout() {
        return readyTimeout;
    }

    public Duration firstBackoff() {
        return firstBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Whether the client connects again (with backoff) after the agent closed the connection. */
    public boolean reconnect() {
        return reconnect;
    }

    public int maxFrameSize() {
        return transport.maxFrameSize();
    }

    public @Nullable LoopResources loopResources() {
        return transport.loopResources();
    }

    /** The transport part, as the QMP client's options (what the shared transport code reads). */
    public QmpClientOptions transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "QgaClientOptions{" + address() + ", command " + commandTimeout() + ", sync " + syncTimeout + ", ready " + readyTimeout
                + ", backoff " + firstBackoff + ".." + maxBackoff + (reconnect ? ", reconnect" : "") + "}";
    }

    /** Builds {@link QgaClientOptions}; every setter checks its value. */
    public static final class Builder {
        private final QmpClientOptions.Builder transport;
        private Duration syncTimeout = DEFAULT_SYNC_TIMEOUT;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration firstBackoff = DEFAULT_FIRST_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private boolean reconnect = true;

        private Builder(QmpClientOptions.Builder transport) {
            this.transport = transport;
        }

        private Builder(QgaClientOptions o) {
            this.transport = o.transport.mutate();
            this.syncTimeout = o.syncTimeout;
            this.readyTimeout = o.readyTimeout;
            this.firstBackoff = o.firstBackoff;
            this.maxBackoff = o.maxBackoff;
            this.reconnect = o.reconnect;
        }

        /** The deadline of one connection attempt (default {@link QmpClientOptions#DEFAULT_CONNECT_TIMEOUT}). */
        public Builder connectTimeout(Duration value) {
            transport.connectTimeout(value);
            return this;
        }

        public Builder commandTimeout(Duration value) {
            transport.commandTimeout(value);
            return this;
        }

        public Builder syncTimeout(Duration value) {
            this.syncTimeout = positive(value, "syncTimeout");
            return this;
        }

        public Builder readyTimeout(Duration value) {
            this.readyTimeout = positive(value, "readyTimeout");
            return this;
        }

        /** The first pause between connection attempts, doubling up to {@code max}. */
        public Builder backoff(Duration first, Duration max) {
            positive(first, "backoff first");
            positive(max, "backoff max");
            if (first.compareTo(max) > 0) {
                throw new IllegalArgumentException("backoff: the first pause " + first + " is longer than the longest " + max);
            }
            this.firstBackoff = first;
            this.maxBackoff = max;
            return this;
        }

        public Builder reconnect(boolean value) {
            this.reconnect = value;
            return this;
        }

        public Builder maxFrameSize(int bytes) {
            transport.maxFrameSize(bytes);
            return this;
        }

        /** The event loop to run on (default: the one shared with every QMP client of the process). */
        public Builder loopResources(@Nullable LoopResources value) {
            transport.loopResources(value);
            return this;
        }

        public QgaClientOptions build() {
            return new QgaClientOptions(this);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + value);
            }
            return value;
        }
    }
}
