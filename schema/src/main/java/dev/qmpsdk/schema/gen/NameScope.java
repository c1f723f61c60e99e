package dev.qmpsdk.schema.gen;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hands out unique names within one scope (rule 6 of {@link JavaNames}): the first request for a name gets
 * it, later ones get {@code 2}, {@code 3}... appended.
 */
final class NameScope {
    private final Set<String> taken = new HashSet<>();
    private final boolean ignoreCase;

    NameScope(boolean ignoreCase, String... reserved) {
        this.ignoreCase = ignoreCase;
        for (String r : reserved) {
            taken.add(key(r));
        }
    }

    String claim(String wanted) {
        String name = wanted;
        for (int n = 2; !taken.add(key(name)); n++) {
            name = wanted + n;
        }
        return name;
    }

    private String key(String name) {
        return ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
    }
}
