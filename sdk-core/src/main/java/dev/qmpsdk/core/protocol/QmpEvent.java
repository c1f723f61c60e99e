package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * An asynchronous event from the server. Every event of the compiled schema has a generated subclass
 * ({@code StopEvent}, {@code ShutdownEvent}...); events the schema does not know arrive as
 * {@link RawEvent}, never dropped.
 *
 * <pre>{@code
 * if (event instanceof ShutdownEvent shutdown) {
 *     log.info("VM shut down at {} (guest: {})", shutdown.timestamp(), shutdown.guest());
 * }
 * }</pre>
 */
public abstract class QmpEvent implements QmpMessage {
    private final QmpTimestamp rawTimestamp;

    protected QmpEvent(QmpTimestamp rawTimestamp) {
        this.rawTimestamp = Objects.requireNonNull(rawTimestamp, "timestamp");
    }

    /** The event's wire name ({@code STOP}, {@code SHUTDOWN}). */
    public abstract String eventName();

    /** When the server emitted the event. */
    public final Instant timestamp() {
        return rawTimestamp.toInstant();
    }

    /** The timestamp exactly as sent. */
    public final QmpTimestamp rawTimestamp() {
        return rawTimestamp;
    }

    /** True when the event has a {@code data} member on the wire. */
    public abstract boolean _hasData();

    /** Writes the {@code data} object; only called when {@link #_hasData()}. */
    public abstract void _writeData(JsonGenerator g) throws IOException;
}
