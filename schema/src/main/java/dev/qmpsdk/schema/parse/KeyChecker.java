package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.QapiSchemaException;
import java.util.Set;
import java.util.TreeSet;

/** Checks the keys of a dict against what its role allows, and reads required string values. */
final class KeyChecker {
    private final Diagnostics diagnostics;

    KeyChecker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Unknown keys fail in strict mode (a typo would silently change meaning) and warn in lenient mode. */
    void check(Node.Dict dict, String role, Set<String> allowed) {
        for (Node.Entry entry : dict.entries().values()) {
            if (!allowed.contains(entry.name())) {
                diagnostics.tolerate(entry.key().location(),
                        "unknown key '" + entry.name() + "' in " + role + "; allowed keys: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    String requireString(Node.Dict dict, String key, String role) {
        Node value = dict.get(key);
        if (value == null) {
            throw new QapiSchemaException(dict.location(), role + " is missing key '" + key + "'");
        }
        return string(value, "'" + key + "' of " + role);
    }

    static String string(Node value, String what) {
        if (value instanceof Node.Text text) {
            return text.value();
        }
        throw new QapiSchemaException(value.location(), what + " must be a string, not " + value.describe());
    }
}
