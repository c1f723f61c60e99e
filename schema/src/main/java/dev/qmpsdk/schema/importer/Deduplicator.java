package dev.qmpsdk.schema.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops the repeated copies of definitions that the seed inlined once per {@code include}, keeping the
 * first occurrence in seed order. A repeat must be identical to the first copy, expression (key order
 * included) and comment alike; anything else means the seed is not what we think and is an error.
 */
final class Deduplicator {
    private Deduplicator() {
    }

    static List<SeedUnit> keepFirstOccurrences(List<SeedUnit> units) {
        Map<String, SeedUnit> firstByKey = new LinkedHashMap<>();
        for (SeedUnit unit : units) {
            String key = unit.metaType() + " " + unit.name();
            SeedUnit first = firstByKey.putIfAbsent(key, unit);
            if (first != null) {
                requireIdentical(first, unit);
            }
        }
        return new ArrayList<>(firstByKey.values());
    }

    private static void requireIdentical(SeedUnit first, SeedUnit repeat) {
        // JsonNode.equals ignores key order; the written text compares it too.
        if (!first.expression().toString().equals(repeat.expression().toString())) {
            throw new SeedImportException(repeat.describe() + " repeats " + first.describe()
                    + " with a different expression:\n  first:  " + first.expression()
                    + "\n  repeat: " + repeat.expression());
        }
        if (!first.commentLines().equals(repeat.commentLines())) {
            throw new SeedImportException(repeat.describe() + " repeats " + first.describe()
                    + " with a different doc comment:\n  first:  " + String.join(" ", first.commentLines())
                    + "\n  repeat: " + String.join(" ", repeat.commentLines()));
        }
    }
}
