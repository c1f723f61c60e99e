package dev.qmpsdk.reactive.observe;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The wire log: one line per message in or out, redacted ({@link Redaction}), with the VM id, the direction
 * ({@code ->} out, {@code <-} in), the request id and the command's context values, every character that could break
 * the line escaped ({@link LogText}):
 *
 * <pre>
 * vm=web-1 -&gt; id=7 traceId=abc {"execute":"change-vnc-password","arguments":{"password":"&lt;redacted&gt;"},"id":7}
 * vm=web-1 &lt;- id=7 traceId=abc {"return":{}}
 * vm=web-1 &lt;- {"event":"STOP","data":{},"timestamp":{"seconds":1,"microseconds":2}}
 * </pre>
 *
 * {@link QmpObservability.Builder#wireLog(boolean)} writes these lines at INFO on the logger {@value #LOGGER};
 * {@link #to} sends them anywhere else (the CLI's {@code --verbose}: standard error).
 *
 * <pre>{@code
 * QmpObservability.builder().observer(QmpWireLog.to(System.err::println)).build();
 * }</pre>
 */
public final class QmpWireLog implements QmpObserver {
    /** The logger's name. */
    public static final String LOGGER = "dev.qmpsdk.wire";

    private final @Nullable Logger logger;
    private final @Nullable Consumer<String> sink;

    private QmpWireLog(@Nullable Logger logger, @Nullable Consumer<String> sink) {
        this.logger = logger;
        this.sink = sink;
    }

    /** Lines at INFO on the logger {@value #LOGGER}; nothing is formatted while that level is off. */
    public static QmpWireLog logger() {
        return new QmpWireLog(Loggers.getLogger(LOGGER), null);
    }

    /** Lines handed to {@code sink}, on the connection's event loop (it must not block). */
    public static QmpWireLog to(Consumer<String> sink) {
        return new QmpWireLog(null, Objects.requireNonNull(sink, "sink"));
    }

    @Override
    public boolean wantsMessages() {
        Logger l = logger;
        return l == null || l.isInfoEnabled();
    }

    @Override
    public void message(String vmId, WireDirection direction, String redactedJson, @Nullable ObservedCommand command) {
        String line = line(vmId, direction, redactedJson, command);
        Logger l = logger;
        if (l != null) {
            l.info(line);
        } else {
            Objects.requireNonNull(sink).accept(line);
        }
    }

    /** One wire log line, escaped. */
    static String line(String vmId, WireDirection direction, String redactedJson, @Nullable ObservedCommand command) {
        StringBuilder b = new StringBuilder(redactedJson.length() + 48).append("vm=").append(vmId).append(' ').append(direction.arrow());
        if (command != null) {
            b.append(" id=").append(command.id());
            for (Map.Entry<String, String> e : command.context().entrySet()) {
                b.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return LogText.escape(b.append(' ').append(redactedJson).toString());
    }

    @Override
    public String toString() {
        return logger != null ? "QmpWireLog(" + LOGGER + ")" : "QmpWireLog(" + sink + ")";
    }
}
