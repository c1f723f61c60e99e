package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.OverflowPolicy;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.observe.CommandOutcome;
import dev.qmpsdk.reactive.observe.LogText;
import dev.qmpsdk.reactive.observe.ObservedCommand;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.reactive.observe.QmpObserver;
import dev.qmpsdk.reactive.observe.QmpWireLog;
import dev.qmpsdk.reactive.observe.RedactedRequest;
import dev.qmpsdk.reactive.observe.Redaction;
import dev.qmpsdk.reactive.observe.WireDirection;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.ContextView;

/**
 * One connection's (or fleet VM's) observers, bound to its VM id: what the session and the fleet call at each hook.
 * Exists only when its {@link QmpObservability} is not off ({@link #of} returns null otherwise), so a connection without
 * observers pays one null check per hook and nothing else. An observer that throws is logged and does not disturb the
 * connection.
 *
 * <pre>{@code
 * SessionObserver observer = SessionObserver.of(options, "web-1");   // null when observability is off
 * }</pre>
 */
public final class SessionObserver {
    private static final Logger LOG = Loggers.getLogger(SessionObserver.class);

    private final String vmId;
    private final QmpObserver[] observers;
    private final Redaction redaction;
    private final List<String> contextKeys;
    /** Whether some observer reads requests: otherwise none is redacted (metrics alone never parse a request). */
    private final boolean redactsRequests;

    private SessionObserver(String vmId, List<QmpObserver> observers, Redaction redaction, List<String> contextKeys) {
        this.vmId = vmId;
        this.observers = observers.toArray(QmpObserver[]::new);
        this.redaction = redaction;
        this.contextKeys = contextKeys;
        boolean requests = false;
        for (QmpObserver o : this.observers) {
            requests |= o.wantsRequests() || o.wantsMessages();
        }
        this.redactsRequests = requests;
    }

    /** The observers of {@code options} for {@code vmId}; null when its observability is off. */
    public static @Nullable SessionObserver of(QmpClientOptions options, String vmId) {
        QmpObservability o = options.observability();
        if (o.isOff()) {
            return null;
        }
        List<QmpObserver> all = new ArrayList<>(o.observers());
        if (o.wireLog()) {
            all.add(QmpWireLog.logger());
        }
        return new SessionObserver(vmId, all, o.redaction(), o.contextKeys());
    }

    String vmId() {
        return vmId;
    }

    // ------------------------------------------------------------------ commands

    /** A command was subscribed to: its trace, started. */
    CommandTrace start(String name, ContextView context) {
        Map<String, String> values = Map.of();
        for (String key : contextKeys) {
            Object value = context.getOrDefault(key, null);
            if (value != null) {
                if (values.isEmpty()) {
                    values = new LinkedHashMap<>();
                }
                values.put(key, LogText.escape(String.valueOf(value)));
            }
        }
        ObservedCommand command = new ObservedCommand(vmId, name, context, values);
        Object[] states = new Object[observers.length];
        for (int i = 0; i < observers.length; i++) {
            try {
                states[i] = observers[i].commandStarted(command);
            } catch (RuntimeException e) {
                misbehaved(observers[i], e);
            }
        }
        return new CommandTrace(this, command, states);
    }

    /** The request went out under {@code id}: redacted once, logged by those who want messages. */
    void sent(CommandTrace trace, long id, ByteBuf request) {
        if (!redactsRequests) {
            trace.command().sent(id, RedactedRequest.NONE);
            return;
        }
        String json = request.toString(request.readerIndex(), request.readableBytes(), StandardCharsets.UTF_8);
        RedactedRequest redacted = redaction.redactRequest(json);
        trace.command().sent(id, redacted);
        String line = redacted.json();
        if (line != null) {
            message(WireDirection.OUT, line, trace.command());
        }
    }

    void ended(CommandTrace trace, CommandOutcome outcome, @Nullable Throwable failure) {
        ObservedCommand command = trace.command();
        long nanos = System.nanoTime() - command.startNanos();
        for (int i = 0; i < observers.length; i++) {
            try {
                observers[i].commandEnded(command, trace.state(i), outcome, failure, nanos);
            } catch (RuntimeException e) {
                misbehaved(observers[i], e);
            }
        }
    }

    // ------------------------------------------------------------------ messages

    /** A frame came in: the reply of {@code command}, or (null) an event, greeting or stray. */
    void received(byte[] frame, @Nullable CommandTrace command) {
        if (!wantsMessages()) {
            return;
        }
        ObservedCommand c = command == null ? null : command.command();
        String text = new String(frame, StandardCharsets.UTF_8);
        message(WireDirection.IN, redaction.redactIncoming(text, c == null ? RedactedRequest.NONE : c.request()), c);
    }

    private boolean wantsMessages() {
        for (QmpObserver o : observers) {
            if (o.wantsMessages()) {
                return true;
            }
        }
        return false;
    }

    private void message(WireDirection direction, String json, @Nullable ObservedCommand command) {
        for (QmpObserver o : observers) {
            try {
                if (o.wantsMessages()) {
                    o.message(vmId, direction, json, command);
                }
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    // ------------------------------------------------------------------ the rest

    void eventReceived(String eventName) {
        for (QmpObserver o : observers) {
            try {
                o.eventReceived(vmId, eventName);
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    void eventDropped(OverflowPolicy policy) {
        for (QmpObserver o : observers) {
            try {
                o.eventDropped(vmId, policy);
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    void frameSkipped(String reason) {
        for (QmpObserver o : observers) {
            try {
                o.frameSkipped(vmId, reason);
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    void stateChanged(ConnectionState state) {
        for (QmpObserver o : observers) {
            try {
                o.stateChanged(vmId, state);
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    void reconnecting() {
        for (QmpObserver o : observers) {
            try {
                o.reconnecting(vmId);
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    void deprecatedUse(String command, @Nullable String member) {
        for (QmpObserver o : observers) {
            try {
                o.deprecatedUse(vmId, command, member);
            } catch (RuntimeException e) {
                misbehaved(o, e);
            }
        }
    }

    private void misbehaved(QmpObserver observer, RuntimeException e) {
        LOG.warn("QMP {}: observer {} failed (ignored): {}", LogText.escape(vmId), observer, e.toString());
    }
}
