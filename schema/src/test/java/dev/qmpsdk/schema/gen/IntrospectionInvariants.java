package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.QapiSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must hold for the introspection of any schema: names unique, exactly the schema's commands and
 * events, every referenced type name described exactly once, nothing described that nothing refers to,
 * masked names numbered 0..n-1 and only the six JSON built-ins.
 */
final class IntrospectionInvariants {
    private static final Map<String, String> BUILTINS = Map.of(
            "str", "string", "int", "int", "number", "number", "bool", "boolean", "null", "null", "any", "value");

    private IntrospectionInvariants() {}

    static void assertWellFormed(QapiSchema schema, List<Map<String, Object>> entries) {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> e : entries) {
            if (byName.put((String) e.get("name"), e) != null) {
                fail("two entries named " + e.get("name"));
            }
        }
        assertEquals(names(schema.commands().stream().map(Command::name).toList()), namesOf(entries, "command"), "commands");
        assertEquals(names(schema.events().stream().map(Event::name).toList()), namesOf(entries, "event"), "events");

        Set<String> reached = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (Map<String, Object> e : entries) {
            if (e.get("meta-type").equals("command") || e.get("meta-type").equals("event")) {
                work.add((String) e.get("name"));
            }
        }
        while (!work.isEmpty()) {
            String name = work.poll();
            if (!reached.add(name)) {
                continue;
            }
            Map<String, Object> e = byName.get(name);
            for (String ref : references(e)) {
                if (!byName.containsKey(ref)) {
                    fail(name + " refers to " + ref + ", which no entry describes: " + e);
                }
                work.add(ref);
            }
        }
        assertEquals(byName.keySet(), reached, "every entry is reachable from a command or an event");

        TreeSet<Integer> numbers = new TreeSet<>();
        for (Map<String, Object> e : entries) {
            String name = (String) e.get("name");
            switch ((String) e.get("meta-type")) {
                case "builtin" -> assertEquals(BUILTINS.get(name), e.get("json-type"), "builtin " + name);
                case "array" -> assertEquals("[" + e.get("element-type") + "]", name);
                case "command", "event" -> { }
                default -> {
                    assertTrue(name.matches("0|[1-9][0-9]*"), "masked name " + name);
                    numbers.add(Integer.parseInt(name));
                }
            }
        }
        assertEquals(numbers.isEmpty() ? 0 : numbers.last() + 1, numbers.size(), "masked names are 0..n-1 without gaps");
    }

    /** The type names an entry refers to. */
    static List<String> references(Map<String, Object> e) {
        List<String> refs = new ArrayList<>();
        for (String key : List.of("arg-type", "ret-type", "element-type")) {
            if (e.containsKey(key)) {
                refs.add((String) e.get(key));
            }
        }
        for (String key : List.of("members", "variants")) {
            if (e.get(key) instanceof List<?> list) {
                for (Object item : list) {
                    refs.add((String) ((Map<?, ?>) item).get("type"));
                }
            }
        }
        return refs;
    }

    private static Set<String> names(List<String> names) {
        return new TreeSet<>(names);
    }

    private static Set<String> namesOf(List<Map<String, Object>> entries, String metaType) {
        return names(entries.stream().filter(e -> e.get("meta-type").equals(metaType)).map(e -> (String) e.get("name")).toList());
    }
}
