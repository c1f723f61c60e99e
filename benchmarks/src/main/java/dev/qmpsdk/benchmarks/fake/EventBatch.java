package dev.qmpsdk.benchmarks.fake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * About 64 KiB of identical data-less events, rendered once per flood so that writing events costs the server no
 * per-event work: every connection is written slices of the same read-only buffer. The events look like QEMU
 * 7.2's ({@code {"timestamp": {...}, "event": "STOP"}\r\n}, timestamp first); all carry the flood's start time.
 *
 * <pre>{@code
 * EventBatch batch = EventBatch.of("STOP");
 * channel.write(batch.slice(10));  // the first 10 events
 * }</pre>
 */
public final class EventBatch {
    private static final int TARGET_BYTES = 64 * 1024;

    private final ByteBuffer events;
    private final int eventBytes;
    private final int eventCount;

    private EventBatch(ByteBuffer events, int eventBytes, int eventCount) {
        this.events = events;
        this.eventBytes = eventBytes;
        this.eventCount = eventCount;
    }

    /** A batch of events named {@code name} (a QMP event name: upper case, digits, {@code _} and {@code -}). */
    public static EventBatch of(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not an event name: '" + name + "'");
        }
        Instant now = Instant.now();
        byte[] one = ("{\"timestamp\": {\"seconds\": " + now.getEpochSecond() + ", \"microseconds\": " + now.getNano() / 1000
                + "}, \"event\": \"" + name + "\"}\r\n").getBytes(StandardCharsets.US_ASCII);
        int count = Math.max(1, TARGET_BYTES / one.length);
        ByteBuffer all = ByteBuffer.allocateDirect(count * one.length);
        for (int i = 0; i < count; i++) {
            all.put(one);
        }
        all.flip();
        return new EventBatch(all.asReadOnlyBuffer(), one.length, count);
    }

    /** How many events one full slice holds. */
    public int eventCount() {
        return eventCount;
    }

    /** The first {@code n} events ({@code n <= eventCount()}) as a fresh buffer view for one connection. */
    public ByteBuffer slice(int n) {
        ByteBuffer b = events.duplicate();
        b.limit(n * eventBytes);
        return b;
    }
}
