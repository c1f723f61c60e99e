package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.qmpsdk.core.codec.DecodeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The fast path for events as QEMU writes them:
 * {@code {"timestamp": {"seconds": S, "microseconds": U}, "event": "NAME"[, "data": {...}]}}. The envelope
 * is matched byte by byte (white space between tokens allowed) and only {@code data}, when present, goes
 * through a JSON parser, straight into the event's generated reader. Anything else (another member order,
 * other members, escapes in the name, an event outside the compiled schema) is left to the general decoder,
 * which gives the same result more slowly, so this path never changes what a message means.
 *
 * <p>A stream of thousands of events per second from a fleet is mostly this shape, and most of its events
 * carry little or no data: the envelope was half the cost of decoding one.
 */
final class QemuEventLayout {
    private static final byte[] TIMESTAMP = ascii("\"timestamp\"");
    private static final byte[] SECONDS = ascii("\"seconds\"");
    private static final byte[] MICROSECONDS = ascii("\"microseconds\"");
    private static final byte[] EVENT = ascii("\"event\"");
    private static final byte[] DATA = ascii("\"data\"");

    private final EventRegistry events;
    private final boolean strict;
    private final JsonFactory factory;
    /** Per event name: its reader and the context of its data (so that no string is built per event). */
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(EventRegistry.EventReader reader, DecodeContext dataContext) {}

    QemuEventLayout(EventRegistry events, boolean strict, JsonFactory factory) {
        this.events = events;
        this.strict = strict;
        this.factory = factory;
    }

    /** The decoded event, or null when the frame is not in QEMU's layout (decode it the general way). */
    @Nullable QmpEvent tryDecode(byte[] b, int offset, int length) throws IOException {
        Cursor c = new Cursor(b, offset, offset + length);
        if (!(c.symbol('{') && c.literal(TIMESTAMP) && c.symbol(':') && c.symbol('{') && c.literal(SECONDS) && c.symbol(':'))) {
            return null;
        }
        long seconds = c.digits();
        if (seconds < 0 || !(c.symbol(',') && c.literal(MICROSECONDS) && c.symbol(':'))) {
            return null;
        }
        long micros = c.digits();
        if (micros < 0 || !(c.symbol('}') && c.symbol(',') && c.literal(EVENT) && c.symbol(':'))) {
            return null;
        }
        String name = c.plainString();
        if (name == null) {
            return null;
        }
        Known k = known(name);
        if (k == null) {
            return null;
        }
        QmpTimestamp timestamp = new QmpTimestamp(seconds, micros);
        if (c.symbol('}')) {
            return c.atEnd() ? k.reader.read(null, k.dataContext, timestamp) : null;
        }
        if (!(c.symbol(',') && c.literal(DATA) && c.symbol(':'))) {
            return null;
        }
        int dataStart = c.pos;
        int dataEnd = c.lastClosingBrace();
        if (dataEnd < 0) {
            return null;
        }
        try (JsonParser p = factory.createParser(b, dataStart, dataEnd - dataStart)) {
            p.nextToken();
            QmpEvent event = k.reader.read(p, k.dataContext, timestamp);
            // The data must be exactly one value; anything after it means the layout guess was wrong.
            return p.nextToken() == null ? event : null;
        }
    }

    private @Nullable Known known(String name) {
        Known k = known.get(name);
        if (k == null) {
            EventRegistry.EventReader reader = events.reader(name);
            if (reader == null) {
                return null;
            }
            k = new Known(reader, DecodeContext.of(strict, "event " + name).below("/data"));
            known.put(name, k);
        }
        return k;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A position in the frame; every match skips the white space before its token. */
    private static final class Cursor {
        final byte[] b;
        final int end;
        int pos;

        Cursor(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        private void skipSpace() {
            pos = JsonBytes.skipSpace(b, pos, end);
        }

        boolean symbol(char ch) {
            skipSpace();
            if (pos < end && b[pos] == ch) {
                pos++;
                return true;
            }
            return false;
        }

        boolean literal(byte[] quoted) {
            skipSpace();
            if (end - pos < quoted.length) {
                return false;
            }
            for (int i = 0; i < quoted.length; i++) {
                if (b[pos + i] != quoted[i]) {
                    return false;
                }
            }
            pos += quoted.length;
            return true;
        }

        /** A non-negative integer of at most 18 digits, or -1. */
        long digits() {
            skipSpace();
            int start = pos;
            long value = 0;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9' && pos - start < 18) {
                value = value * 10 + (b[pos] - '0');
                pos++;
            }
            if (pos == start || (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E' || (b[pos] >= '0' && b[pos] <= '9')))) {
                return -1;
            }
            return value;
        }

        /** A string of plain ASCII without escapes (event names are upper-case words), or null. */
        @Nullable String plainString() {
            skipSpace();
            if (pos >= end || b[pos] != '"') {
                return null;
            }
            int start = ++pos;
            while (pos < end && b[pos] != '"') {
                if (b[pos] == '\\' || b[pos] < 0x20) { // control bytes, escapes and (negative) non-ASCII bytes
                    return null;
                }
                pos++;
            }
            if (pos >= end) {
                return null;
            }
            String s = new String(b, start, pos - start, StandardCharsets.US_ASCII);
            pos++;
            return s;
        }

        boolean atEnd() {
            skipSpace();
            return pos == end;
        }

        /** The index of the message's closing brace (the last byte that is not white space), or -1. */
        int lastClosingBrace() {
            int i = JsonBytes.skipSpaceBack(b, pos, end - 1);
            return i >= pos && b[i] == '}' ? i : -1;
        }
    }
}
