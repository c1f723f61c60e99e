package dev.qmpsdk.reactive.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a connection reports about itself: its observers (metrics, observations, audit trail, your own), whether it
 * writes the wire log, how secrets are redacted, and which Reactor context keys travel into log lines and records.
 * Immutable; set per client or per fleet VM with {@code QmpClientOptions.Builder.observability}. {@link #OFF}, the
 * default, costs nothing on the command path: no observer object, no context lookup, no allocation.
 *
 * <pre>{@code
 * QmpObservability obs = QmpObservability.builder()
 *         .observer(QmpMicrometerMetrics.of(registry))
 *         .wireLog(true)                       // logger dev.qmpsdk.wire, level INFO
 *         .contextKeys("traceId")
 *         .build();
 * fleet.add("web-1", QmpClientOptions.unix(socket).observability(obs).build()).block();
 * }</pre>
 */
public final class QmpObservability {
    /** The Reactor context keys copied by default: {@code traceId} and {@code spanId}. */
    public static final Set<String> DEFAULT_CONTEXT_KEYS = Set.of("traceId", "spanId");
    /** Nothing observed, nothing logged: the default of every client. */
    public static final QmpObservability OFF = builder().build();

    private final List<QmpObserver> observers;
    private final boolean wireLog;
    /** Null: {@link Redaction#defaults()}, decoded on first use, not when OFF is created. */
    private final @Nullable Redaction redaction;
    private final List<String> contextKeys;

    private QmpObservability(Builder b) {
        this.observers = List.copyOf(b.observers);
        this.wireLog = b.wireLog;
        this.redaction = b.redaction;
        this.contextKeys = List.copyOf(b.contextKeys);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder mutate() {
        Builder b = new Builder();
        b.observers.addAll(observers);
        b.wireLog = wireLog;
        b.redaction = redaction;
        b.contextKeys.clear();
        b.contextKeys.addAll(contextKeys);
        return b;
    }

    /** The observers, in the order added. */
    public List<QmpObserver> observers() {
        return observers;
    }

    /** Whether every message in and out is logged (redacted) on the {@code dev.qmpsdk.wire} logger. */
    public boolean wireLog() {
        return wireLog;
    }

    /** How secrets are found; {@link Redaction#defaults()} unless set. */
    public Redaction redaction() {
        Redaction r = redaction;
        return r != null ? r : Redaction.defaults();
    }

    /** The Reactor context keys whose values reach audit records, wire log lines and {@link ObservedCommand#context()}. */
    public List<String> contextKeys() {
        return contextKeys;
    }

    /** True when nothing is observed or logged. */
    public boolean isOff() {
        return observers.isEmpty() && !wireLog;
    }

    @Override
    public String toString() {
        return isOff() ? "QmpObservability.OFF" : "QmpObservability{observers=" + observers + ", wireLog=" + wireLog + ", contextKeys=" + contextKeys + "}";
    }

    /** Collects the settings; {@link #build()} makes the immutable value. */
    public static final class Builder {
        private final List<QmpObserver> observers = new ArrayList<>();
        private boolean wireLog;
        private @Nullable Redaction redaction;
        private final List<String> contextKeys = new ArrayList<>(List.of("traceId", "spanId"));

        private Builder() {
        }

        /** Adds an observer ({@link QmpMicrometerMetrics}, {@link QmpObservations}, {@link QmpAuditTrail}, {@link QmpWireLog}, yours). */
        public Builder observer(QmpObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Logs every message in and out, redacted, one line each, at INFO on the logger {@value QmpWireLog#LOGGER} (SLF4J
         * when it is on the class path, like every SDK logger). Per client or per fleet VM: it is part of that
         * connection's options. To send the lines elsewhere, add {@link QmpWireLog#to} as an observer instead.
         */
        public Builder wireLog(boolean value) {
            this.wireLog = value;
            return this;
        }

        /** How secrets are found ({@link Redaction#defaults()} unless set). */
        public Builder redaction(Redaction value) {
            this.redaction = Objects.requireNonNull(value, "redaction");
            return this;
        }

        /** The Reactor context keys to copy (replacing {@link #DEFAULT_CONTEXT_KEYS}); none to copy nothing. */
        public Builder contextKeys(String... keys) {
            contextKeys.clear();
            for (String key : keys) {
                contextKeys.add(Objects.requireNonNull(key, "context key"));
            }
            return this;
        }

        public QmpObservability build() {
            return new QmpObservability(this);
        }
    }
}
