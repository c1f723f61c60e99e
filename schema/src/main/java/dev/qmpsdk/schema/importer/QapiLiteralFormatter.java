package dev.qmpsdk.schema.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a top-level expression the way QEMU's schema files are written: Python literal syntax with
 * single-quoted strings, the whole expression on one line when it fits, otherwise one top-level key per
 * line and long dicts and lists broken with their entries aligned after the opening bracket, e.g.
 *
 * <pre>
 * { 'struct': 'StatusInfo',
 *   'data': {'running': 'bool', 'singlestep': 'bool', 'status': 'RunState'} }
 * </pre>
 *
 * Lines stay within {@link #WIDTH} columns unless a single string is longer. Output is deterministic.
 */
final class QapiLiteralFormatter {
    /** Target line width (QEMU's schema files keep to 80 columns). */
    static final int WIDTH = 80;

    private QapiLiteralFormatter() {
    }

    static String format(JsonNode expression) {
        List<Map.Entry<String, JsonNode>> entries = entries(expression);
        String inline = "{ " + String.join(", ", entries.stream().map(QapiLiteralFormatter::inlineEntry).toList())
                + " }";
        if (inline.length() <= WIDTH) {
            return inline;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            boolean last = i == entries.size() - 1;
            String prefix = (i == 0 ? "{ " : "  ") + quote(entries.get(i).getKey()) + ": ";
            out.append(prefix)
                    .append(format(entries.get(i).getValue(), prefix.length(), last ? 2 : 1))
                    .append(last ? " }" : ",\n");
        }
        return out.toString();
    }

    /**
     * {@code value} starting at {@code column}, followed on its last line by {@code trailing} characters
     * (closing brackets, a comma) that must fit too.
     */
    private static String format(JsonNode value, int column, int trailing) {
        String inline = inline(value);
        if (column + inline.length() + trailing <= WIDTH || !value.isContainerNode() || value.isEmpty()) {
            return inline;
        }
        return value.isObject() ? brokenDict(value, column, trailing) : filledList(value, column, trailing);
    }

    /** One entry per line, aligned after the '{'. */
    private static String brokenDict(JsonNode dict, int column, int trailing) {
        List<Map.Entry<String, JsonNode>> entries = entries(dict);
        String indent = " ".repeat(column + 1);
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < entries.size(); i++) {
            boolean last = i == entries.size() - 1;
            String key = quote(entries.get(i).getKey()) + ": ";
            out.append(i == 0 ? "" : indent).append(key)
                    .append(format(entries.get(i).getValue(), column + 1 + key.length(), last ? trailing + 1 : 1))
                    .append(last ? "}" : ",\n");
        }
        return out.toString();
    }

    /** As many items per line as fit, continuation lines aligned after the '['. */
    private static String filledList(JsonNode list, int column, int trailing) {
        String indent = " ".repeat(column + 1);
        StringBuilder out = new StringBuilder("[");
        int lineLength = column + 1;
        boolean lineEmpty = true;
        for (int i = 0; i < list.size(); i++) {
            boolean last = i == list.size() - 1;
            String item = format(list.get(i), lineLength + (lineEmpty ? 0 : 1), last ? trailing + 1 : 1)
                    + (last ? "]" : ",");
            int needed = (lineEmpty ? 0 : 1) + item.length() + (last ? trailing : 0);
            if (!lineEmpty && lineLength + needed > WIDTH) {
                out.append('\n').append(indent);
                lineLength = column + 1;
                lineEmpty = true;
                item = format(list.get(i), lineLength, last ? trailing + 1 : 1) + (last ? "]" : ",");
            }
            out.append(lineEmpty ? "" : " ").append(item);
            lineLength += (lineEmpty ? 0 : 1) + item.length();
            lineEmpty = false;
        }
        return out.toString();
    }

    private static String inline(JsonNode value) {
        if (value.isTextual()) {
            return quote(value.asText());
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "true" : "false";
        }
        if (value.isObject()) {
            return "{" + String.join(", ", entries(value).stream().map(QapiLiteralFormatter::inlineEntry).toList())
                    + "}";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(inline(item)));
            return "[" + String.join(", ", items) + "]";
        }
        // QAPI schema syntax (QEMU 2.11) has strings, booleans, dicts and lists only.
        throw new SeedImportException("value " + value + " has no QAPI schema syntax");
    }

    private static String inlineEntry(Map.Entry<String, JsonNode> entry) {
        return quote(entry.getKey()) + ": " + inline(entry.getValue());
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode dict) {
        return new ArrayList<>(dict.properties());
    }

    /** A Python single-quoted string literal. */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
