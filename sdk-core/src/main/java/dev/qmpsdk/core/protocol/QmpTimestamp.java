package dev.qmpsdk.core.protocol;

import java.time.Instant;

/**
 * An event's {@code timestamp} exactly as sent ({@code {"seconds": ..., "microseconds": ...}}), kept raw
 * so that re-encoding gives the same JSON (QEMU sends {@code -1, -1} when it has no clock).
 *
 * @param seconds seconds since the Unix epoch
 * @param microseconds microseconds within the second
 */
public record QmpTimestamp(long seconds, long microseconds) {
    /** The current time, at microsecond precision. */
    public static QmpTimestamp now() {
        return of(Instant.now());
    }

    public static QmpTimestamp of(Instant instant) {
        return new QmpTimestamp(instant.getEpochSecond(), instant.getNano() / 1000L);
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(seconds, microseconds * 1000L);
    }
}
