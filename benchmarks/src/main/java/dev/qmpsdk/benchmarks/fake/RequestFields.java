package dev.qmpsdk.benchmarks.fake;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The two members of a QMP request the fake server needs, read from the request's bytes without a JSON
 * library: the command name ({@code execute} or {@code exec-oob}) and the {@code id}, kept as its raw JSON
 * text so it can be echoed verbatim whatever its type. Other members ({@code arguments}) are skipped.
 *
 * <pre>{@code
 * RequestFields f = RequestFields.parse(bytes, 0, bytes.length);  // {"execute": "query-status", "id": 7}
 * f.command();  // "query-status"
 * f.rawId();    // "7"
 * }</pre>
 */
public record RequestFields(@Nullable String command, @Nullable String rawId) {
    /**
     * Reads the members of the JSON object in {@code bytes[from, to)}; {@code command} or {@code rawId} is null
     * when the member is absent; returns null when the bytes are not an object this reader understands.
     */
    public static @Nullable RequestFields parse(byte[] bytes, int from, int to) {
        Cursor c = new Cursor(bytes, from, to);
        if (!c.skipWhitespace() || bytes[c.pos] != '{') {
            return null;
        }
        c.pos++;
        String command = null;
        String rawId = null;
        while (c.skipWhitespace()) {
            if (bytes[c.pos] == '}') {
                return new RequestFields(command, rawId);
            }
            if (bytes[c.pos] == ',') {
                c.pos++;
                continue;
            }
            int keyStart = c.pos;
            if (bytes[keyStart] != '"' || !c.skipValue()) {
                return null;
            }
            String key = new String(bytes, keyStart + 1, c.pos - keyStart - 2, StandardCharsets.UTF_8);
            if (!c.skipWhitespace() || bytes[c.pos] != ':') {
                return null;
            }
            c.pos++;
            if (!c.skipWhitespace()) {
                return null;
            }
            int valueStart = c.pos;
            if (!c.skipValue()) {
                return null;
            }
            if (key.equals("execute") || key.equals("exec-oob")) {
                command = bytes[valueStart] == '"' ? new String(bytes, valueStart + 1, c.pos - valueStart - 2, StandardCharsets.UTF_8) : null;
            } else if (key.equals("id")) {
                rawId = new String(bytes, valueStart, c.pos - valueStart, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static final class Cursor {
        final byte[] bytes;
        final int end;
        int pos;

        Cursor(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.pos = from;
            this.end = to;
        }

        /** Moves past spaces and line ends; false at the end of the input. */
        boolean skipWhitespace() {
            while (pos < end && (bytes[pos] == ' ' || bytes[pos] == '\t' || bytes[pos] == '\r' || bytes[pos] == '\n')) {
                pos++;
            }
            return pos < end;
        }

        /** Moves past one JSON value (string, object, array or literal); false when it does not end in the input. */
        boolean skipValue() {
            byte first = bytes[pos];
            if (first == '"') {
                pos++;
                while (pos < end) {
                    byte b = bytes[pos++];
                    if (b == '\\') {
                        pos++;
                    } else if (b == '"') {
                        return true;
                    }
                }
                return false;
            }
            if (first == '{' || first == '[') {
                FrameScanner s = new FrameScanner();
                while (pos < end) {
                    if (s.feed(bytes[pos++])) {
                        return true;
                    }
                }
                return false;
            }
            while (pos < end && bytes[pos] != ',' && bytes[pos] != '}' && bytes[pos] != ']'
                    && bytes[pos] != ' ' && bytes[pos] != '\r' && bytes[pos] != '\n' && bytes[pos] != '\t') {
                pos++;
            }
            return true;
        }
    }
}
