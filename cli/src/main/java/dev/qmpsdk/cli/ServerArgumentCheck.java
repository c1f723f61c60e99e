package dev.qmpsdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qmpsdk.core.introspection.SchemaEntity;
import dev.qmpsdk.core.introspection.SchemaEntity.AlternateType;
import dev.qmpsdk.core.introspection.SchemaEntity.ArrayType;
import dev.qmpsdk.core.introspection.SchemaEntity.Builtin;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumType;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectType;
import dev.qmpsdk.core.introspection.SchemaEntity.Variant;
import dev.qmpsdk.core.introspection.ServerSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed arguments checked against a server's own schema, for commands the compiled 2.11.2 model does not have (or
 * members it does not know): unknown members, missing required members and JSON kinds the schema rules out
 * ({@code "abc"} where it wants an integer, a value that is not one of an enum's), following union branches by their
 * discriminator and alternates by JSON kind, as QEMU's input visitor does. A {@code key=value} that parsed as a number
 * or boolean where the schema wants a string is sent as the text that was typed ({@code id=123}).
 *
 * <pre>{@code
 * String problem = ServerArgumentCheck.problem(schema, "calc-dirty-rate", args, guessed);   // null: fits
 * }</pre>
 */
final class ServerArgumentCheck {
    private final ServerSchema schema;
    /** Values typed as {@code key=value} that parsed as JSON but not as a string, by JSON pointer: the text typed. */
    private final Map<String, String> guessed;

    private ServerArgumentCheck(ServerSchema schema, Map<String, String> guessed) {
        this.schema = schema;
        this.guessed = guessed;
    }

    /**
     * The first thing wrong with {@code args} for {@code command} on this server, in the CLI's words
     * ({@code unknown argument 'bogus'}, {@code missing required member 'driver' in file}, {@code calc-time: expected
     * an integer, got "abc"}), or null when they fit; guessed values the schema wants as strings are replaced in
     * {@code args}.
     *
     * @throws IllegalArgumentException when the server has no such command
     */
    static @Nullable String problem(ServerSchema schema, String command, ObjectNode args, Map<String, String> guessed) {
        SchemaEntity.Command c = schema.command(command)
                .orElseThrow(() -> new IllegalArgumentException("the server's schema has no command " + command));
        return new ServerArgumentCheck(schema, guessed).value(c.argType(), args, "");
    }

    /**
     * {@code valid arguments: calc-time (required), sample-pages, mode} from the server's schema; for arguments that are
     * a union, which member picks the branch.
     */
    static String describe(ServerSchema schema, String command) {
        SchemaEntity args = schema.command(command).flatMap(c -> schema.entity(c.argType())).orElse(null);
        if (!(args instanceof ObjectType o) || (o.members().isEmpty() && o.variants().isEmpty())) {
            return command + " takes no arguments";
        }
        List<String> shown = new ArrayList<>();
        for (ObjectMember m : o.members()) {
            shown.add(m.optional() ? m.name() : m.name() + " (required)");
        }
        String described = "valid arguments: " + String.join(", ", shown);
        return o.tag() == null ? described : described + "; more by the value of '" + o.tag() + "' ("
                + String.join(", ", o.variants().stream().map(Variant::tagValue).toList()) + ")";
    }

    private @Nullable String value(String typeName, JsonNode value, String at) {
        SchemaEntity type = schema.entity(typeName).orElse(null);
        if (type instanceof Builtin b) {
            return accepts(b.jsonType(), value) ? null : wrongKind(at, describeKind(b.jsonType()), value);
        }
        if (type instanceof EnumType e) {
            if (!value.isTextual()) {
                return wrongKind(at, "one of " + e.values(), value);
            }
            return e.values().contains(value.asText()) ? null
                    : where(at) + "'" + value.asText() + "' is not one of " + e.values() + " on this server";
        }
        if (type instanceof ArrayType a) {
            if (!value.isArray()) {
                return wrongKind(at, "a JSON array", value);
            }
            for (int i = 0; i < value.size(); i++) {
                String problem = element(a.elementType(), (ArrayNode) value, i, at + "/" + i);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (type instanceof ObjectType o) {
            return value instanceof ObjectNode object ? object(o, object, at) : wrongKind(at, "a JSON object", value);
        }
        if (type instanceof AlternateType alt) {
            List<String> kinds = new ArrayList<>();
            for (String t : alt.alternatives()) {
                String kind = jsonKind(t);
                kinds.add(describeKind(kind));
                if (accepts(kind, value)) {
                    return value(t, value, at);
                }
            }
            return wrongKind(at, String.join(" or ", kinds), value);
        }
        return null;   // an entity this SDK cannot judge (a newer meta-type): the server will
    }

    private @Nullable String element(String typeName, ArrayNode array, int index, String at) {
        JsonNode v = array.get(index);
        if (wantsText(typeName, v) && guessed.containsKey(at)) {
            v = TextNode.valueOf(guessed.get(at));
            array.set(index, v);
        }
        return value(typeName, v, at);
    }

    private @Nullable String object(ObjectType type, ObjectNode object, String at) {
        Map<String, ObjectMember> members = new LinkedHashMap<>();
        type.members().forEach(m -> members.put(m.name(), m));
        String tag = type.tag();
        if (tag != null && object.get(tag) != null && members.containsKey(tag)) {
            String problem = member(members.get(tag), object, at);
            if (problem != null) {
                return problem;
            }
            String tagValue = object.get(tag).asText();
            for (Variant v : type.variants()) {
                if (v.tagValue().equals(tagValue) && schema.entity(v.type()).orElse(null) instanceof ObjectType branch) {
                    branch.members().forEach(m -> members.put(m.name(), m));
                }
            }
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.containsKey(name)) {
                return at.isEmpty() ? "unknown argument '" + name + "'" : "unknown member '" + name + "' in " + dotted(at);
            }
        }
        for (ObjectMember m : members.values()) {
            if (object.get(m.name()) == null) {
                if (!m.optional()) {
                    return at.isEmpty() ? "missing required argument '" + m.name() + "'" : "missing required member '" + m.name() + "' in " + dotted(at);
                }
                continue;
            }
            String problem = member(m, object, at);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private @Nullable String member(ObjectMember m, ObjectNode object, String at) {
        String pointer = at + "/" + m.name();
        JsonNode v = object.get(m.name());
        if (wantsText(m.type(), v) && guessed.containsKey(pointer)) {
            v = TextNode.valueOf(guessed.get(pointer));
            object.set(m.name(), v);
        }
        return value(m.type(), v, pointer);
    }

    /** A typed value that is not text where the type takes text and nothing of the value's own kind. */
    private boolean wantsText(String typeName, JsonNode value) {
        if (value.isTextual()) {
            return false;
        }
        if (schema.entity(typeName).orElse(null) instanceof AlternateType alt) {
            return alt.alternatives().stream().noneMatch(t -> accepts(jsonKind(t), value))
                    && alt.alternatives().stream().anyMatch(t -> jsonKind(t).equals("string"));
        }
        return jsonKind(typeName).equals("string");
    }

    /** The JSON kind a value of this type is written as: a builtin's {@code json-type}, {@code object}, {@code array}. */
    private String jsonKind(String typeName) {
        SchemaEntity type = schema.entity(typeName).orElse(null);
        if (type instanceof Builtin b) {
            return b.jsonType();
        }
        if (type instanceof EnumType) {
            return "string";
        }
        if (type instanceof ArrayType) {
            return "array";
        }
        if (type instanceof ObjectType) {
            return "object";
        }
        return "value";
    }

    private static boolean accepts(String jsonKind, JsonNode value) {
        return switch (jsonKind) {
            case "string" -> value.isTextual();
            case "int" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> true;
        };
    }

    private static String describeKind(String jsonKind) {
        return switch (jsonKind) {
            case "string" -> "a string";
            case "int" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "null" -> "null";
            case "object" -> "a JSON object";
            case "array" -> "a JSON array";
            default -> "any JSON value";
        };
    }

    private static String wrongKind(String at, String expected, JsonNode value) {
        return where(at) + "expected " + expected + ", got " + value;
    }

    private static String where(String at) {
        return at.isEmpty() ? "" : dotted(at) + ": ";
    }

    private static String dotted(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }
}
