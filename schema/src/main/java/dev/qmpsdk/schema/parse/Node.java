package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed Python-literal value that remembers where it was written. */
sealed interface Node {
    SourceLocation location();

    /** The value without positions: String, Boolean, List or Map (insertion-ordered). */
    Object plain();

    /** How error messages name this kind of value. */
    String describe();

    record Text(String value, SourceLocation location) implements Node {
        @Override
        public Object plain() {
            return value;
        }

        @Override
        public String describe() {
            return "string '" + value + "'";
        }
    }

    record Bool(boolean value, SourceLocation location) implements Node {
        @Override
        public Object plain() {
            return value;
        }

        @Override
        public String describe() {
            return String.valueOf(value);
        }
    }

    /** A number, which QAPI never uses; kept as its source text (lenient mode only). */
    record Number(String text, SourceLocation location) implements Node {
        @Override
        public Object plain() {
            return text;
        }

        @Override
        public String describe() {
            return "number " + text;
        }
    }

    record ListNode(List<Node> items, SourceLocation location) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public Object plain() {
            List<Object> out = new ArrayList<>();
            items.forEach(i -> out.add(i.plain()));
            return Collections.unmodifiableList(out);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** One {@code key: value} pair; the key keeps its own position for messages about it. */
    record Entry(Text key, Node value) {
        String name() {
            return key.value();
        }
    }

    record Dict(Map<String, Entry> entries, SourceLocation location) implements Node {
        public Dict {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public Object plain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, e) -> out.put(k, e.value().plain()));
            return Collections.unmodifiableMap(out);
        }

        @Override
        public String describe() {
            return "a dict";
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        @org.jspecify.annotations.Nullable
        Node get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }
}
