package dev.qmpsdk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the shell's tab key offers, from the compiled schema's {@code query-qmp-schema} answer
 * ({@link QmpSchemaIntrospection}): the same description of commands, arguments, enums and unions that a
 * QEMU of that version gives about itself.
 *
 * <p>For the word being typed after a command it offers the argument names not given yet ({@code name=}, and
 * {@code name.} for a member that is itself an object), dotted members of nested objects
 * ({@code file.driver=}), the values of enum and boolean arguments ({@code sync=full}), and, once a union's
 * discriminator is given ({@code driver=qcow2}), the members of that branch ({@code file=}, {@code backing=}).
 * Every candidate starts with the partial word, so a caller can show them as they are.
 */
final class SchemaCompletion {
    private static final class Holder {
        static final SchemaCompletion COMPILED = fromIntrospection(QmpSchemaIntrospection.json());
    }

    private final Map<String, JsonNode> commands = new LinkedHashMap<>();
    private final Map<String, JsonNode> types = new HashMap<>();

    private SchemaCompletion(JsonNode introspection) {
        for (JsonNode info : introspection) {
            String name = info.path("name").asText();
            if (info.path("meta-type").asText().equals("command")) {
                commands.put(name, info);
            } else {
                types.put(name, info);
            }
        }
    }

    /** The compiled 2.11.2 schema's completion (read once). */
    static SchemaCompletion compiled() {
        return Holder.COMPILED;
    }

    /** From a {@code query-qmp-schema} answer as JSON text (a list of {@code SchemaInfo}). */
    static SchemaCompletion fromIntrospection(String json) {
        try {
            return new SchemaCompletion(QapiJson.TREE_MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a query-qmp-schema answer: " + e.getOriginalMessage(), e);
        }
    }

    /** Every command name, sorted. */
    List<String> commandNames() {
        return commands.keySet().stream().sorted().toList();
    }

    /** The action types of {@code transaction} ({@code blockdev-snapshot-sync}, ...), sorted. */
    List<String> transactionActions() {
        JsonNode action = actionUnion();
        return action == null ? List.of() : enumValues(memberType(action, action.path("tag").asText()));
    }

    /**
     * Candidates for the word {@code partial} on a line that runs {@code command}.
     *
     * @param given the {@code key=value} words before it (they pick union branches and are not offered again)
     */
    List<String> arguments(String command, List<String> given, String partial) {
        JsonNode info = commands.get(command);
        return info == null ? List.of() : complete(type(info.path("arg-type").asText(null)), given, partial);
    }

    /** Candidates for the word {@code partial} of a transaction action line ({@code drive-backup device=...}). */
    List<String> actionArguments(String action, List<String> given, String partial) {
        JsonNode union = actionUnion();
        JsonNode wrapper = union == null ? null : variant(union, action);
        return wrapper == null ? List.of() : complete(memberType(wrapper, "data"), given, partial);
    }

    // ------------------------------------------------------------------ the type graph

    private @Nullable JsonNode actionUnion() {
        JsonNode args = arguments("transaction");
        JsonNode actions = args == null ? null : memberType(args, "actions");
        return actions == null ? null : type(actions.path("element-type").asText(null));
    }

    private @Nullable JsonNode arguments(String command) {
        JsonNode info = commands.get(command);
        return info == null ? null : type(info.path("arg-type").asText(null));
    }

    private @Nullable JsonNode type(@Nullable String name) {
        return name == null ? null : types.get(name);
    }

    /** The object type of a union branch ({@code case}), or null. */
    private @Nullable JsonNode variant(JsonNode object, String tagValue) {
        for (JsonNode v : object.path("variants")) {
            if (v.path("case").asText().equals(tagValue)) {
                return type(v.path("type").asText(null));
            }
        }
        return null;
    }

    private @Nullable JsonNode memberType(JsonNode object, String member) {
        for (JsonNode m : object.path("members")) {
            if (m.path("name").asText().equals(member)) {
                return type(m.path("type").asText(null));
            }
        }
        return null;
    }

    /**
     * The members of an object: its own, then those of the branch its discriminator selects in {@code given}
     * (at {@code path}, e.g. {@code file.}).
     */
    private Map<String, JsonNode> members(JsonNode object, Map<String, String> given, String path) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        object.path("members").forEach(m -> members.put(m.path("name").asText(), m));
        String tag = object.path("tag").asText(null);
        String tagValue = tag == null ? null : given.get(path + tag);
        JsonNode branch = tagValue == null ? null : variant(object, tagValue);
        if (branch != null) {
            branch.path("members").forEach(m -> members.put(m.path("name").asText(), m));
        }
        return members;
    }

    /** The object a value of this type can be (an object, or the object branch of an alternate), or null. */
    private @Nullable JsonNode asObject(@Nullable JsonNode type) {
        if (type == null) {
            return null;
        }
        return switch (type.path("meta-type").asText()) {
            case "object" -> type;
            case "alternate" -> {
                for (JsonNode m : type.path("members")) {
                    JsonNode t = type(m.path("type").asText(null));
                    if (t != null && t.path("meta-type").asText().equals("object")) {
                        yield t;
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    /** The values a scalar of this type can be written as: enum values, true/false, both for an alternate. */
    private List<String> values(@Nullable JsonNode type) {
        if (type == null) {
            return List.of();
        }
        return switch (type.path("meta-type").asText()) {
            case "enum" -> enumValues(type);
            case "builtin" -> type.path("json-type").asText().equals("boolean") ? List.of("true", "false") : List.of();
            case "alternate" -> {
                Set<String> all = new LinkedHashSet<>();
                type.path("members").forEach(m -> all.addAll(values(type(m.path("type").asText(null)))));
                yield List.copyOf(all);
            }
            default -> List.of();
        };
    }

    private static List<String> enumValues(@Nullable JsonNode enumType) {
        List<String> values = new ArrayList<>();
        if (enumType != null) {
            enumType.path("values").forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    // ------------------------------------------------------------------ completing a word

    private List<String> complete(@Nullable JsonNode argumentsType, List<String> givenWords, String partial) {
        JsonNode top = asObject(argumentsType);
        if (top == null) {
            return List.of();
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String word : givenWords) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                given.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        int eq = partial.indexOf('=');
        List<String> out = new ArrayList<>();
        if (eq >= 0) {
            String key = partial.substring(0, eq);
            String valuePrefix = partial.substring(eq + 1);
            for (String value : values(memberAt(top, key, given))) {
                if (value.startsWith(valuePrefix)) {
                    out.add(key + "=" + value);
                }
            }
            return out;
        }
        int dot = partial.lastIndexOf('.');
        String path = dot < 0 ? "" : partial.substring(0, dot + 1);
        String namePrefix = partial.substring(dot + 1);
        JsonNode object = path.isEmpty() ? top : asObject(memberAt(top, path.substring(0, path.length() - 1), given));
        if (object == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> m : members(object, given, path).entrySet()) {
            String name = m.getKey();
            if (!name.startsWith(namePrefix) || given.containsKey(path + name)) {
                continue;
            }
            out.add(path + name + "=");
            if (asObject(type(m.getValue().path("type").asText(null))) != null) {
                out.add(path + name + ".");
            }
        }
        return out;
    }

    /** The type of the member at a dotted key ({@code file.driver}), following union branches picked in {@code given}. */
    private @Nullable JsonNode memberAt(JsonNode top, String dottedKey, Map<String, String> given) {
        JsonNode object = top;
        String path = "";
        String[] names = dottedKey.split("\\.", -1);
        for (int i = 0; i < names.length; i++) {
            JsonNode member = object == null ? null : members(object, given, path).get(names[i]);
            if (member == null) {
                return null;
            }
            JsonNode type = type(member.path("type").asText(null));
            if (i == names.length - 1) {
                return type;
            }
            object = asObject(type);
            path = path + names[i] + ".";
        }
        return null;
    }
}
