package dev.qmpsdk.reactive.observe;

/**
 * Makes text safe for a one-line log record: every control character (C0, DEL, C1), line or paragraph separator and
 * bidirectional-format character is written as a {@code \}{@code uXXXX} escape (common ones as {@code \n},
 * {@code \r}, {@code \t}), so a value (a VM id, a trace id, a server's text) can never start a fake log line or
 * reorder what a terminal shows.
 *
 * <pre>{@code
 * LogText.escape("vm-1\nINFO forged line")   // vm-1\nINFO forged line, on one line
 * }</pre>
 */
public final class LogText {
    private LogText() {
    }

    /** {@code text} with every character that could break or disguise a log line escaped; unchanged when clean. */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f';
    }
}
