package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.qmpsdk.core.codec.DecodeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    /**
     * The events seen so far, found by the bytes of their name (open addressing, copy on write), so that the
     * common case builds no string and hashes no string: looking names up as strings was a tenth of the fleet's
     * event loop in the firehose profile.
     */
    private volatile Known[] known = new Known[16];

    /** An event's name, its reader and the context of its data. */
    private record Known(byte[] name, int hash, EventRegistry.EventReader reader, DecodeContext dataContext) {
        boolean is(byte[] b, int start, int length) {
            return Arrays.equals(name, 0, name.length, b, start, start + length);
        }
    }

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
        int nameStart = c.plainString();
        if (nameStart < 0) {
            return null;
        }
        Known k = known(b, nameStart, c.pos - 1 - nameStart);
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

    private @Nullable Known known(byte[] b, int start, int length) {
        int hash = hash(b, start, length);
        Known[] table = known;
        int mask = table.length - 1;
        for (int i = hash & mask; table[i] != null; i = (i + 1) & mask) {
            Known k = table[i];
            if (k.hash == hash && k.is(b, start, length)) {
                return k;
            }
        }
        return learn(new String(b, start, length, StandardCharsets.US_ASCII), hash);
    }

    /** Adds an event of the compiled schema the first time it is seen; null for events outside it (not kept). */
    private synchronized @Nullable Known learn(String name, int hash) {
        byte[] bytes = ascii(name);
        for (Known k : known) {
            if (k != null && k.is(bytes, 0, bytes.length)) {
                return k;
            }
        }
        EventRegistry.EventReader reader = events.reader(name);
        if (reader == null) {
            return null;
        }
        Known k = new Known(bytes, hash, reader, DecodeContext.of(strict, "event " + name).below("/data"));
        Known[] old = known;
        int size = 1;
        for (Known o : old) {
            size += o == null ? 0 : 1;
        }
        Known[] table = new Known[size * 2 > old.length ? old.length * 2 : old.length];
        for (Known o : old) {
            if (o != null) {
                insert(table, o);
            }
        }
        insert(table, k);
        known = table;
        return k;
    }

    private static void insert(Known[] table, Known k) {
        int mask = table.length - 1;
        int i = k.hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = k;
    }

    private static int hash(byte[] b, int start, int length) {
        int h = length;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
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

        /**
         * Moves past a string of plain ASCII without escapes (event names are upper-case words) and returns where
         * its content starts (it ends before {@code pos - 1}, the closing quote), or -1.
         */
        int plainString() {
            skipSpace();
            if (pos >= end || b[pos] != '"') {
                return -1;
            }
            int start = ++pos;
            while (pos < end && b[pos] != '"') {
                if (b[pos] == '\\' || b[pos] < 0x20) { // control bytes, escapes and (negative) non-ASCII bytes
                    return -1;
                }
                pos++;
            }
            if (pos >= end) {
                return -1;
            }
            pos++;
            return start;
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
