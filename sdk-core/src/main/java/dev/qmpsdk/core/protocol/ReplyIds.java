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
 * <p>Only the top-level member counts: an {@code "id"} inside the value or inside a string is ignored, and a key
 * written with escapes ({@code "i\u0064"}) is the key it spells. A message without {@code return} or {@code error}
 * that has a top-level {@code event} or {@code timestamp}, wherever it is, is an event and never a reply: NONE,
 * even when it carries an id. The common case costs a few bytes' look: a message that starts with {@code return} or
 * {@code error} is a reply (as {@link QmpCodec#decodeMessage} decides too), and its id is read from the end, where
 * QEMU puts it; anything else is read key by key in one pass that skips nested values.
 * The frame must be one complete JSON value (as the frame decoder delivers); on malformed input the result
 * is unspecified but never an exception, and the real decode that follows reports the error.
 */
public final class ReplyIds {
    /** Returned when the message has no top-level {@code id}, or one that is not an integer fitting a long. */
    public static final long NONE = Long.MIN_VALUE;

    private enum Key { ID, EVENT, OTHER }

    private ReplyIds() {}

    /** The top-level integer id of a message, or {@link #NONE}. */
    public static long find(byte[] frame) {
        return find(frame, 0, frame.length);
    }

    public static long find(byte[] b, int offset, int length) {
        int end = offset + length;
        if (startsAsReply(b, offset, end)) {
            long last = idAsLastMember(b, offset, end);
            if (last != NONE) {
                return last;
            }
        }
        return scanMembers(b, offset, end);
    }

    private static final byte[] RETURN_KEY = {'"', 'r', 'e', 't', 'u', 'r', 'n', '"'};
    private static final byte[] ERROR_KEY = {'"', 'e', 'r', 'r', 'o', 'r', '"'};

    /**
     * True when the message's first key is {@code "return"} or {@code "error"} (written plainly): a reply, as far as its
     * start tells, even when the rest does not parse.
     */
    public static boolean startsAsReply(byte[] frame) {
        return startsAsReply(frame, 0, frame.length);
    }

    /** True when the first key is {@code "return"} or {@code "error"} (written plainly). */
    private static boolean startsAsReply(byte[] b, int start, int end) {
        int i = JsonBytes.skipSpace(b, start, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        i = JsonBytes.skipSpace(b, i + 1, end);
        return startsWith(b, i, end, RETURN_KEY) || startsWith(b, i, end, ERROR_KEY);
    }

    private static boolean startsWith(byte[] b, int i, int end, byte[] word) {
        return i + word.length <= end && equals(b, i, i + word.length, word);
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
        while (digitsStart > start && b[digitsStart - 1] >= '0' && b[digitsStart - 1] <= '9') {
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
        return integer(b, numberStart, digitsEnd);
    }

    /** Reads the top-level members one by one: the id, unless a key says the message is an event. */
    private static long scanMembers(byte[] b, int offset, int end) {
        int i = JsonBytes.skipSpace(b, offset, end);
        if (i >= end || b[i] != '{') {
            return NONE;
        }
        long id = NONE;
        i++;
        while (true) {
            i = JsonBytes.skipSpace(b, i, end);
            if (i >= end || b[i] != '"') {
                return id;   // '}' of an empty object, or malformed
            }
            int keyEnd = skipString(b, i + 1, end);
            Key key = key(b, i + 1, keyEnd - 1);
            i = JsonBytes.skipSpace(b, keyEnd, end);
            if (i >= end || b[i] != ':') {
                return NONE;
            }
            int valueStart = JsonBytes.skipSpace(b, i + 1, end);
            int valueEnd = skipValue(b, valueStart, end);
            if (key == Key.EVENT) {
                return NONE;
            }
            if (key == Key.ID) {
                id = integer(b, valueStart, valueEnd);
            }
            i = JsonBytes.skipSpace(b, valueEnd, end);
            if (i >= end || b[i] != ',') {
                return id;
            }
            i++;
        }
    }

    private static final byte[] ID = {'i', 'd'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] TIMESTAMP = {'t', 'i', 'm', 'e', 's', 't', 'a', 'm', 'p'};

    /** Classifies the key whose raw content (between the quotes) is {@code b[from, to)}. */
    private static Key key(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return key(unescape(b, from, to));   // rare: only a peer that escapes plain letters
            }
        }
        if (equals(b, from, to, ID)) {
            return Key.ID;
        }
        return equals(b, from, to, EVENT) || equals(b, from, to, TIMESTAMP) ? Key.EVENT : Key.OTHER;
    }

    private static Key key(String name) {
        return switch (name) {
            case "id" -> Key.ID;
            case "event", "timestamp" -> Key.EVENT;
            default -> Key.OTHER;
        };
    }

    private static boolean equals(byte[] b, int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[from + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** The text of a JSON string's raw content; only ASCII matters here (the keys compared are ASCII). */
    private static String unescape(byte[] b, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = (char) (b[i] & 0xff);
            if (c != '\\' || i + 1 >= to) {
                out.append(c);
                continue;
            }
            char e = (char) b[++i];
            switch (e) {
                case 'u' -> {
                    if (i + 4 >= to) {
                        return "";
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(b[i + k], 16);
                        if (digit < 0) {
                            return "";
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    i += 4;
                }
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                default -> out.append(e);   // \" \\ \/
            }
        }
        return out.toString();
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

    /** The index just after the value starting at {@code i}: a string, an object or array, or a literal/number. */
    private static int skipValue(byte[] b, int i, int end) {
        if (i >= end) {
            return end;
        }
        byte c = b[i];
        if (c == '"') {
            return skipString(b, i + 1, end);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < end) {
                c = b[i];
                if (c == '"') {
                    i = skipString(b, i + 1, end);
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return end;
        }
        while (i < end && (c = b[i]) != ',' && c != '}' && c != ']' && !JsonBytes.isSpace(c)) {
            i++;
        }
        return i;
    }

    /** The value {@code b[from, to)} as a long when it is {@code -?digits} fitting one (not Long.MIN_VALUE), else NONE. */
    private static long integer(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 19) {
            return NONE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return NONE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
