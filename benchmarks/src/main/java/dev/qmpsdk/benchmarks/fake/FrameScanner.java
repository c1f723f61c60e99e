package dev.qmpsdk.benchmarks.fake;

/**
 * Finds where each top-level JSON value of a byte stream ends, across reads: depth counting that understands
 * strings and escapes (QMP frames by JSON value, not by line). Bytes between values (QEMU's {@code \r\n}) are
 * skipped. One scanner per stream: it carries its state from one read to the next.
 *
 * <pre>{@code
 * FrameScanner s = new FrameScanner();
 * for (byte b : bytesJustRead) {
 *     if (s.feed(b)) {
 *         frames++;
 *     }
 * }
 * }</pre>
 */
public final class FrameScanner {
    private int depth;
    private boolean inString;
    private boolean escape;

    /** Feeds one byte; true when it completes a top-level value. */
    public boolean feed(byte c) {
        if (inString) {
            if (escape) {
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"') {
                inString = false;
            }
            return false;
        }
        switch (c) {
            case '"' -> inString = true;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                return --depth == 0;
            }
            default -> { }
        }
        return false;
    }

    /** True while a value has started and not ended (a byte fed now belongs to it). */
    public boolean inValue() {
        return depth > 0 || inString;
    }
}
