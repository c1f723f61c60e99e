package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.Feature;
import dev.qmpsdk.schema.model.IfCondition;
import dev.qmpsdk.schema.model.QapiSchemaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads {@code 'if'} and {@code 'features'} values, in every spelling QEMU has used. */
final class ConditionReader {
    private final KeyChecker keys;

    ConditionReader(KeyChecker keys) {
        this.keys = keys;
    }

    /**
     * {@code 'CONFIG_X'}; {@code ['A', 'B']} (QEMU 3 to 5, meaning all of them);
     * {@code {'all': [...]}}, {@code {'any': [...]}}, {@code {'not': ...}} (QEMU 6 on).
     */
    @Nullable IfCondition ifCondition(@Nullable Node node) {
        if (node == null) {
            return null;
        }
        return condition(node);
    }

    private IfCondition condition(Node node) {
        if (node instanceof Node.Text text) {
            if (text.value().isBlank()) {
                throw new QapiSchemaException(text.location(), "'if' condition must not be empty");
            }
            return new IfCondition.Name(text.value());
        }
        if (node instanceof Node.ListNode list) {
            List<IfCondition> all = conditions(list);
            return all.size() == 1 ? all.get(0) : new IfCondition.All(all);
        }
        if (node instanceof Node.Dict dict) {
            if (dict.entries().size() != 1) {
                throw new QapiSchemaException(dict.location(), "'if' dict must have exactly one of 'all', 'any', 'not'");
            }
            Node.Entry entry = dict.entries().values().iterator().next();
            return switch (entry.name()) {
                case "all" -> new IfCondition.All(conditions(asList(entry.value(), "'all'")));
                case "any" -> new IfCondition.Any(conditions(asList(entry.value(), "'any'")));
                case "not" -> new IfCondition.Not(condition(entry.value()));
                default -> throw new QapiSchemaException(entry.key().location(),
                        "unknown 'if' operator '" + entry.name() + "'; expected 'all', 'any' or 'not'");
            };
        }
        throw new QapiSchemaException(node.location(), "'if' must be a string, a list or a dict, not " + node.describe());
    }

    private List<IfCondition> conditions(Node.ListNode list) {
        if (list.items().isEmpty()) {
            throw new QapiSchemaException(list.location(), "'if' list must not be empty");
        }
        List<IfCondition> out = new ArrayList<>();
        list.items().forEach(item -> out.add(condition(item)));
        return out;
    }

    private static Node.ListNode asList(Node node, String what) {
        if (node instanceof Node.ListNode list) {
            return list;
        }
        throw new QapiSchemaException(node.location(), what + " needs a list of conditions, not " + node.describe());
    }

    /** {@code ['deprecated', {'name': 'unstable', 'if': ...}]}. */
    List<Feature> features(@Nullable Node node) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof Node.ListNode list)) {
            throw new QapiSchemaException(node.location(), "'features' must be a list, not " + node.describe());
        }
        List<Feature> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (item instanceof Node.Text text) {
                out.add(new Feature(text.value(), null));
            } else if (item instanceof Node.Dict dict) {
                keys.check(dict, "feature", Set.of("name", "if"));
                out.add(new Feature(keys.requireString(dict, "name", "feature"), ifCondition(dict.get("if"))));
            } else {
                throw new QapiSchemaException(item.location(), "a feature must be a string or a dict, not " + item.describe());
            }
        }
        return out;
    }
}
