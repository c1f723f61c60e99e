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
 */
public final class JsonFrameScanner {
    /** What a byte did. */
    public enum Step {
        /** White space between values. */
        OUTSIDE,
        /** A byte outside any value that cannot start one: garbage from the peer. */
        GARBAGE,
        /** The first byte of a value ({@code {} or {@code [}). */
        FRAME_START,
        /** A byte inside a value. */
        INSIDE,
        /** The last byte of a value. */
        FRAME_END
    }

    private int depth;
    private boolean inString;
    private boolean escaped;

    /** Consumes one byte. */
    public Step next(byte b) {
        if (depth == 0) {
            if (b == '{' || b == '[') {
                depth = 1;
                return Step.FRAME_START;
            }
            return (b == ' ' || b == '\n' || b == '\r' || b == '\t') ? Step.OUTSIDE : Step.GARBAGE;
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

    /** True while inside a value (a frame has started and not ended). */
    public boolean inFrame() {
        return depth > 0;
    }

    /** Forgets any partial value, e.g. after an oversize frame was discarded. */
    public void reset() {
        depth = 0;
        inString = false;
        escaped = false;
    }
}
