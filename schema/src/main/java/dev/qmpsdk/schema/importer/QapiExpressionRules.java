package dev.qmpsdk.schema.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Which JSON objects are QAPI top-level expressions: the first key is a meta key and every key is one
 * that meta-type allows. This is what tells a schema expression apart from the {@code -> { "execute":
 * ... }} wire examples inside doc comments, which are JSON objects too.
 */
final class QapiExpressionRules {
    /** Allowed keys per meta-type, as the QAPI generator of QEMU 2.11 checks them. */
    private static final Map<String, Set<String>> ALLOWED_KEYS = Map.of(
            "enum", Set.of("enum", "data", "prefix"),
            "struct", Set.of("struct", "data", "base", "if", "features"),
            "union", Set.of("union", "data", "base", "discriminator"),
            "alternate", Set.of("alternate", "data"),
            "command", Set.of("command", "data", "returns", "boxed", "gen", "success-response"),
            "event", Set.of("event", "data", "boxed"),
            "include", Set.of("include"),
            "pragma", Set.of("pragma"));

    private QapiExpressionRules() {
    }

    /** True when {@code node} is an object whose first key is a meta key and all keys are allowed for it. */
    static boolean isTopLevelExpression(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return false;
        }
        Iterator<String> keys = node.fieldNames();
        Set<String> allowed = ALLOWED_KEYS.get(keys.next());
        if (allowed == null) {
            return false;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (!allowed.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    /** The meta-type of a top-level expression: its first key. */
    static String metaType(JsonNode expression) {
        return expression.fieldNames().next();
    }

    /**
     * The definition name: the value of the meta key, or the meta-type itself for {@code pragma} and
     * {@code include}, whose values are not names.
     */
    static String name(JsonNode expression) {
        String meta = metaType(expression);
        JsonNode value = expression.get(meta);
        return value.isTextual() && !meta.equals("include") ? value.asText() : meta;
    }
}
