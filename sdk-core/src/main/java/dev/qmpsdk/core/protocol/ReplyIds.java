package dev.qmpsdk.core.protocol;

/**
 * Finds a reply's numeric {@code id} in its raw bytes, without parsing the message. A client needs the id
 * to know which command a reply answers (and so which type its {@code return} is) before it decodes the
 * {@code return}; QEMU writes the id <em>after</em> the value ({@code {"return": {...}, "id": 7}}), so a
 * one-pass decoder would otherwise have to buffer the whole value first.
 *
 * <pre>{@code
 * long id = ReplyIds.find(frame);
 * if (id != ReplyIds.NONE) {
 *     Pending p = pending.remove(id);
 *     ...
 * }
 * }</pre>
 *
 * <p>Only the top-level member counts: an {@code "id"} inside the value or inside a string is ignored. A
 * message with a top-level {@code event} or {@code timestamp} is an event, never a reply: NONE.
 * The frame must be one complete JSON value (as the frame decoder delivers); on malformed input the result
 * is unspecified but never an exception, and the real decode that follows reports the error.
 */
public final class ReplyIds {
    /** Returned when the message has no top-level {@code id}, or one that is not an integer fitting a long. */
    public static final long NONE = Long.MIN_VALUE;

    private ReplyIds() {}

    /** The top-level integer id of a message, or {@link #NONE}. */
    public static long find(byte[] frame) {
        return find(frame, 0, frame.length);
    }

    public static long find(byte[] frame, int offset, int length) {
        int end = offset + length;
        long last = idAsLastMember(frame, offset, end);
        return last != NONE ? last : scanForward(frame, offset, end);
    }

    /**
     * The common case, checked from the end: {@code ... , "id": 123 }. In valid JSON a number right before
     * the closing brace is a top-level member's value, and the key before it is {@code "id"} when those four
     * bytes are preceded (past white space) by {@code ,} or <code>&#123;</code> and not by an escaping backslash.
     */
    private static long idAsLastMember(byte[] b, int start, int end) {
        int i = JsonBytes.skipSpaceBack(b, start, end - 1);
        if (i < start || b[i] != '}') {
            return NONE;
        }
        int digitsEnd = JsonBytes.skipSpaceBack(b, start, i - 1) + 1;
        int digitsStart = digitsEnd;
        while (digitsStart > start && isDigit(b[digitsStart - 1])) {
            digitsStart--;
        }
        if (digitsStart == digitsEnd) {
            return NONE;
        }
        int numberStart = digitsStart > start && b[digitsStart - 1] == '-' ? digitsStart - 1 : digitsStart;
        i = JsonBytes.skipSpaceBack(b, start, numberStart - 1);
        if (i < start || b[i] != ':') {
            return NONE;
        }
        i = JsonBytes.skipSpaceBack(b, start, i - 1);
        if (i - 3 <= start || b[i] != '"' || b[i - 1] != 'd' || b[i - 2] != 'i' || b[i - 3] != '"' || b[i - 4] == '\\') {
            return NONE;
        }
        i = JsonBytes.skipSpaceBack(b, start, i - 4);
        if (i < start || (b[i] != ',' && b[i] != '{')) {
            return NONE;
        }
        return parseLong(b, numberStart, digitsEnd);
    }

    /** Walks the message once, tracking depth and strings, until the top-level key {@code "id"}. */
    private static long scanForward(byte[] b, int start, int end) {
        int depth = 0;
        boolean expectKey = false;
        int i = start;
        while (i < end) {
            byte c = b[i];
            switch (c) {
                case '"' -> {
                    if (depth == 1 && expectKey) {
                        expectKey = false;
                        if (i + 3 < end && b[i + 1] == 'i' && b[i + 2] == 'd' && b[i + 3] == '"') {
                            return numberAfterColon(b, i + 4, end);
                        }
                        if (isKey(b, i, end, EVENT) || isKey(b, i, end, TIMESTAMP)) {
                            return NONE; // an event (QEMU starts them with "timestamp"): no need to read on
                        }
                    }
                    i = skipString(b, i + 1, end);
                    continue;
                }
                case '{' -> {
                    depth++;
                    expectKey = depth == 1;
                }
                case '[' -> depth++;
                case '}', ']' -> depth--;
                case ',' -> expectKey = depth == 1;
                default -> { }
            }
            i++;
        }
        return NONE;
    }

    private static final byte[] EVENT = {'"', 'e', 'v', 'e', 'n', 't', '"'};
    private static final byte[] TIMESTAMP = {'"', 't', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p', '"'};

    private static boolean isKey(byte[] b, int i, int end, byte[] quotedKey) {
        if (i + quotedKey.length > end) {
            return false;
        }
        for (int k = 0; k < quotedKey.length; k++) {
            if (b[i + k] != quotedKey[k]) {
                return false;
            }
        }
        return true;
    }

    /** The index after the closing quote of a string whose content starts at {@code i}. */
    private static int skipString(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return end;
    }

    private static long numberAfterColon(byte[] b, int i, int end) {
        i = JsonBytes.skipSpace(b, i, end);
        if (i >= end || b[i] != ':') {
            return NONE;
        }
        int numberStart = JsonBytes.skipSpace(b, i + 1, end);
        int j = numberStart < end && b[numberStart] == '-' ? numberStart + 1 : numberStart;
        int digitsStart = j;
        while (j < end && isDigit(b[j])) {
            j++;
        }
        if (j == digitsStart || (j < end && (b[j] == '.' || b[j] == 'e' || b[j] == 'E'))) {
            return NONE;
        }
        return parseLong(b, numberStart, j);
    }

    /** Parses {@code -?digits}; NONE when it does not fit a long (or is exactly Long.MIN_VALUE). */
    private static long parseLong(byte[] b, int from, int to) {
        boolean negative = b[from] == '-';
        int i = negative ? from + 1 : from;
        if (to - i > 19) {
            return NONE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = b[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return NONE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
