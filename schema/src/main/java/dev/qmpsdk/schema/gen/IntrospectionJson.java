package dev.qmpsdk.schema.gen;

import java.util.List;
import java.util.Map;

/**
 * Writes the introspection entries as JSON text: one entry per line, so that a golden file's diff shows
 * which entries changed. Values are strings, lists, maps and null, nothing else.
 */
final class IntrospectionJson {
    private IntrospectionJson() {}

    static String write(List<Map<String, Object>> entries) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < entries.size(); i++) {
            out.append("  ");
            value(out, entries.get(i));
            out.append(i + 1 < entries.size() ? ",\n" : "\n");
        }
        return out.append("]\n").toString();
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                value(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ", ");
                first = false;
                string(out, (String) e.getKey());
                out.append(": ");
                value(out, e.getValue());
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("introspection values are strings, lists, maps or null, not " + value.getClass());
        }
    }

    /** QAPI names are ASCII identifiers, but escape properly anyway: the text must stay valid JSON. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
