package dev.qmpsdk.reactive.internal;

/**
 * The start of what a peer sent, readable in a log line or an error message: printable ASCII as it is, anything else
 * (control bytes, TLS records, invalid UTF-8) as {@code \xNN}, cut after a limit.
 *
 * <pre>{@code
 * Excerpt.of("HTTP/1.1 400 Bad Request\r\n".getBytes(US_ASCII))   // HTTP/1.1 400 Bad Request\x0d\x0a
 * }</pre>
 */
public final class Excerpt {
    /** Characters shown before the excerpt is cut with "...". */
    public static final int MAX = 120;

    private Excerpt() {}

    public static String of(byte[] bytes) {
        return of(bytes, bytes.length);
    }

    /** The excerpt of {@code bytes}, which are the first of {@code total} bytes received. */
    public static String of(byte[] bytes, int total) {
        StringBuilder out = new StringBuilder(Math.min(bytes.length, MAX) + 8);
        int i = 0;
        for (; i < bytes.length && out.length() < MAX; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (i < total) {
            out.append("... (").append(total).append(" bytes)");
        }
        return out.toString();
    }
}
