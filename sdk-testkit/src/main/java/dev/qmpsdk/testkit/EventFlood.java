package dev.qmpsdk.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Writes many data-less events fast: each is built from a precomputed prefix (no JSON generator per event)
 * and they are written in batches of about 64 KiB. Timestamps advance one microsecond per event.
 */
final class EventFlood {
    private static final int BATCH_BYTES = 64 * 1024;

    private EventFlood() {}

    /** Writes the events through {@code writer}, which answers false once the peer is gone. */
    static void write(int count, String name, Predicate<byte[]> writer) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        byte[] prefix = ("{\"event\": " + quote(name) + ", \"timestamp\": {\"seconds\": ").getBytes(StandardCharsets.UTF_8);
        Instant start = Instant.now();
        long seconds = start.getEpochSecond();
        long micros = start.getNano() / 1000L;
        ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH_BYTES + 256);
        for (int i = 0; i < count; i++) {
            batch.writeBytes(prefix);
            batch.writeBytes(Long.toString(seconds).getBytes(StandardCharsets.US_ASCII));
            batch.writeBytes((", \"microseconds\": " + micros + "}}\r\n").getBytes(StandardCharsets.US_ASCII));
            if (++micros == 1_000_000L) {
                micros = 0;
                seconds++;
            }
            if (batch.size() >= BATCH_BYTES) {
                if (!writer.test(batch.toByteArray())) {
                    return;
                }
                batch.reset();
            }
        }
        if (batch.size() > 0) {
            writer.test(batch.toByteArray());
        }
    }

    private static String quote(String name) {
        try {
            return QapiJson.TREE_MAPPER.writeValueAsString(name);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
