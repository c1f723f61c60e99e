package dev.qmpsdk.core.protocol;

/**
 * Finds where one JSON value ends in a byte stream, by counting brackets outside strings (escapes
 * understood). QMP is a sequence of JSON values, not of lines: QEMU ends its messages with {@code \r\n},
 * but clients need not, so both sides must frame by value. Transports feed it bytes one at a time:
 *
 * <pre>{@code
 * JsonFrameScanner scanner = new JsonFrameScanner();
 * for (int i = 0; i < n; i++) {
 *     switch (scanner.next(buf[i])) {
 *         case FRAME_END -> emit(frameStart, i + 1);
 *         case OUTSIDE -> frameStart = i + 1;   // white space (or garbage) between values
 *         default -> { }
 *     }
 * }
 * }</pre>
 *
 * <p>Only objects and arrays are framed: a byte outside any value that is not white space is reported as
 * {@link Step#GARBAGE} so the transport can count and skip it (QMP messages are always objects).
 *
 * <p><b>Resynchronisation</b> ({@link #cuttingAtRawNewline()}, for what a QMP server sends): QEMU ends every message
 * with {@code \r\n} and never puts a raw newline inside one (JSON strings cannot hold one: it is written {@code \n},
 * two bytes). So a raw newline inside an unfinished value means that value was cut or corrupted (a lone "{",
 * a truncated message): {@link #scan} ends it there and reports it through {@link #wasCut()}, and the next value is
 * framed normally. Without that, one stray "{" would swallow every later message into a value that never ends.
 * A peer that sends no newlines at all is framed by value exactly as before; only a raw newline inside a value
 * (pretty-printed JSON, which QEMU never sends) is taken as damage. The plain scanner, for what clients send (QEMU's
 * parser accepts newlines anywhere), never cuts.
 */
public final class JsonFrameScanner {
    /** What a byte did. */
    public enum Step {
        /** White space between values. */
        OUTSIDE,
        /** A byte outside any value that cannot start one: garbage from the peer. */
        GARBAGE,
        /** The first byte of a value (<code>&#123;</code> or {@code [}). */
        FRAME_START,
        /** A byte inside a value. */
        INSIDE,
        /** The last byte of a value. */
        FRAME_END
    }

    /** How many garbage bytes are kept to show in a log or an error. */
    public static final int GARBAGE_SAMPLE = 64;

    private final boolean cutAtNewline;
    private final boolean cutAtSentinel;
    private int depth;
    private boolean inString;
    private boolean escaped;
    private int valueStart = -1;
    private int garbage;
    private final byte[] garbageSample = new byte[GARBAGE_SAMPLE];
    private int garbageSampled;
    private boolean cut;

    /** A scanner that frames by JSON value only (what a server reads from clients). */
    public JsonFrameScanner() {
        this(false);
    }

    private JsonFrameScanner(boolean cutAtNewline) {
        this(cutAtNewline, false);
    }

    private JsonFrameScanner(boolean cutAtNewline, boolean cutAtSentinel) {
        this.cutAtNewline = cutAtNewline;
        this.cutAtSentinel = cutAtSentinel;
    }

    /** A scanner for what a QMP server sends: a raw newline inside a value ends that broken value (see above). */
    public static JsonFrameScanner cuttingAtRawNewline() {
        return new JsonFrameScanner(true);
    }

    /**
     * A scanner for what a QEMU guest agent sends: as {@link #cuttingAtRawNewline()}, and the agent's sentinel byte
     * {@code 0xFF} (which never occurs in UTF-8 JSON; qemu-ga writes it before its reply to {@code guest-sync-delimited})
     * also ends an unfinished value, so a stale half reply left by an earlier client cannot swallow the sync reply. The
     * sentinel itself is then scanned as garbage, outside any value, so the transport sees it.
     */
    public static JsonFrameScanner forGuestAgent() {
        return new JsonFrameScanner(true, true);
    }

    /** The guest agent's resynchronisation byte (see {@link #forGuestAgent()}). */
    public static final byte SENTINEL = (byte) 0xFF;

    /** Consumes one byte. */
    public Step next(byte b) {
        if (depth == 0) {
            if (b == '{' || b == '[') {
                depth = 1;
                return Step.FRAME_START;
            }
            return JsonBytes.isSpace(b) ? Step.OUTSIDE : Step.GARBAGE;
        }
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
            return Step.INSIDE;
        }
        switch (b) {
            case '"' -> inString = true;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                if (--depth == 0) {
                    return Step.FRAME_END;
                }
            }
            default -> { }
        }
        return Step.INSIDE;
    }

    /**
     * Scans {@code bytes[from, to)} in one tight loop, for transports that have bytes in bulk: returns the
     * index just past the first value that ends in the range, or -1 when none does (every byte consumed).
     * Afterwards {@link #valueStart()} tells where that value, or the one still open at {@code to}, began if
     * it began in this range, and garbage bytes are added to {@link #takeGarbage()}. When {@link #wasCut()} says so,
     * the returned index is just past a raw newline that ended a broken value instead: drop that value.
     */
    public int scan(byte[] bytes, int from, int to) {
        int d = depth;
        boolean str = inString;
        boolean esc = escaped;
        boolean cutting = cutAtNewline;
        boolean sentinel = cutAtSentinel;
        valueStart = -1;
        cut = false;
        try {
            for (int i = from; i < to; i++) {
                byte b = bytes[i];
                if (d == 0) {
                    if (b == '{' || b == '[') {
                        d = 1;
                        valueStart = i;
                    } else if (!JsonBytes.isSpace(b)) {
                        sampleGarbage(b);
                    } else if (garbageSampled > 0 && garbageSampled < GARBAGE_SAMPLE) {
                        garbageSample[garbageSampled++] = b;   // white space inside a garbage run, to show it as sent
                    }
                } else if (cutting && b == '\n') {
                    d = 0;
                    str = false;
                    esc = false;
                    cut = true;
                    return i + 1;
                } else if (sentinel && b == SENTINEL) {
                    d = 0;
                    str = false;
                    esc = false;
                    cut = true;
                    return i;   // the sentinel is scanned next, as garbage between values
                } else if (str) {
                    if (esc) {
                        esc = false;
                    } else if (b == '\\') {
                        esc = true;
                    } else if (b == '"') {
                        str = false;
                    }
                } else if (b == '"') {
                    str = true;
                } else if (b == '{' || b == '[') {
                    d++;
                } else if ((b == '}' || b == ']') && --d == 0) {
                    return i + 1;
                }
            }
            return -1;
        } finally {
            depth = d;
            inString = str;
            escaped = esc;
        }
    }

    private void sampleGarbage(byte b) {
        if (garbageSampled < GARBAGE_SAMPLE) {
            garbageSample[garbageSampled++] = b;
        }
        garbage++;
    }

    /** True when the last {@link #scan} stopped at a raw newline that cut a broken value (resynchronising scanners only). */
    public boolean wasCut() {
        return cut;
    }

    /** Where the value found or left open by the last {@link #scan} began, or -1 if it began before that range. */
    public int valueStart() {
        return valueStart;
    }

    /** Garbage bytes seen by {@link #scan} since the last call; resets the count and the sample. */
    public int takeGarbage() {
        int g = garbage;
        garbage = 0;
        garbageSampled = 0;
        return g;
    }

    /**
     * The first {@link #GARBAGE_SAMPLE} bytes of the garbage counted since the last {@link #takeGarbage()} (white space
     * inside it included, to show it as sent); call before that.
     */
    public byte[] garbageSample() {
        return java.util.Arrays.copyOf(garbageSample, garbageSampled);
    }

    /** True while inside a value (a frame has started and not ended). */
    public boolean inFrame() {
        return depth > 0;
    }

    /** Forgets any partial value, e.g. after an oversize frame was discarded. */
    public void reset() {
        depth = 0;
        inString = false;
        escaped = false;
        valueStart = -1;
    }
}
