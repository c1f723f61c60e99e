package dev.qmpsdk.core.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.introspection.SchemaEntity.AlternateType;
import dev.qmpsdk.core.introspection.SchemaEntity.ArrayType;
import dev.qmpsdk.core.introspection.SchemaEntity.Builtin;
import dev.qmpsdk.core.introspection.SchemaEntity.Command;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumMember;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumType;
import dev.qmpsdk.core.introspection.SchemaEntity.Event;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectType;
import dev.qmpsdk.core.introspection.SchemaEntity.Variant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code query-qmp-schema} answer (the {@code return} array) into {@link SchemaEntity} values, by hand rather
 * than through the generated 2.11.2 {@code SchemaInfo} types, because the introspection format itself grew after
 * 2.11: {@code allow-oob} (2.12), {@code features} (4.1-5.0), enum {@code members} with features (6.2). Every member
 * any QEMU from 2.11 to 10.x sends is known here, so strict mode accepts all of their answers and rejects only what
 * none of them sends (an unknown member, meta-type or JSON type); tolerant mode skips unknown members and keeps
 * unknown meta-types as {@link SchemaEntity.Unknown}. A missing or mistyped member fails in both modes, naming the
 * JSON pointer.
 */
final class ServerSchemaDecoder {
    static final String SUBJECT = "query-qmp-schema answer";

    private static final Set<String> BASE = Set.of("name", "meta-type", "features");
    private static final Set<String> JSON_TYPES = Set.of("string", "number", "int", "boolean", "null", "object", "array", "value");

    private final boolean strict;

    ServerSchemaDecoder(boolean strict) {
        this.strict = strict;
    }

    List<SchemaEntity> decode(JsonNode answer) {
        if (!answer.isArray()) {
            throw fail("", "expected an array of SchemaInfo, got " + kind(answer));
        }
        List<SchemaEntity> entities = new ArrayList<>(answer.size());
        for (int i = 0; i < answer.size(); i++) {
            entities.add(entity(answer.get(i), "/" + i));
        }
        return entities;
    }

    private SchemaEntity entity(JsonNode node, String path) {
        requireObject(node, path);
        String name = text(node, "name", path);
        String metaType = text(node, "meta-type", path);
        Features features = features(node, path);
        return switch (metaType) {
            case "builtin" -> {
                known(node, path, "json-type");
                String jsonType = text(node, "json-type", path);
                if (strict && !JSON_TYPES.contains(jsonType)) {
                    throw fail(path + "/json-type", "'" + jsonType + "' is not a JSON type of QEMU's introspection " + JSON_TYPES + " (strict mode)");
                }
                yield new Builtin(name, jsonType, features);
            }
            case "enum" -> {
                known(node, path, "members", "values");
                yield new EnumType(name, enumMembers(node, path), features);
            }
            case "array" -> {
                known(node, path, "element-type");
                yield new ArrayType(name, text(node, "element-type", path), features);
            }
            case "object" -> {
                known(node, path, "members", "tag", "variants");
                yield object(node, path, name, features);
            }
            case "alternate" -> {
                known(node, path, "members");
                List<String> alternatives = new ArrayList<>();
                eachObject(node, "members", path, true, (m, p) -> {
                    known(m, p, Set.of("type"));
                    alternatives.add(text(m, "type", p));
                });
                yield new AlternateType(name, alternatives, features);
            }
            case "command" -> {
                known(node, path, "arg-type", "ret-type", "allow-oob");
                yield new Command(name, text(node, "arg-type", path), text(node, "ret-type", path), bool(node, "allow-oob", path), features);
            }
            case "event" -> {
                known(node, path, "arg-type");
                yield new Event(name, text(node, "arg-type", path), features);
            }
            default -> {
                if (strict) {
                    throw fail(path + "/meta-type", "'" + metaType + "' is not a meta-type of QEMU's introspection (strict mode)");
                }
                yield new SchemaEntity.Unknown(name, metaType, features);
            }
        };
    }

    /** QEMU 6.2+ sends {@code members} (with features) and the redundant {@code values}; older ones only {@code values}. */
    private List<EnumMember> enumMembers(JsonNode node, String path) {
        List<EnumMember> members = new ArrayList<>();
        if (node.has("members")) {
            eachObject(node, "members", path, true, (m, p) -> {
                known(m, p, Set.of("name", "features"));
                members.add(new EnumMember(text(m, "name", p), features(m, p)));
            });
            if (strict && node.has("values")) {
                List<String> values = strings(node, "values", path);
                List<String> names = members.stream().map(EnumMember::name).toList();
                if (!values.equals(names)) {
                    throw fail(path + "/values", "values " + values + " differ from the members' names " + names + " (strict mode)");
                }
            }
        } else {
            strings(node, "values", path).forEach(v -> members.add(new EnumMember(v, Features.NONE)));
        }
        return members;
    }

    private ObjectType object(JsonNode node, String path, String name, Features features) {
        List<ObjectMember> members = new ArrayList<>();
        eachObject(node, "members", path, true, (m, p) -> {
            known(m, p, Set.of("name", "type", "default", "features"));
            members.add(new ObjectMember(text(m, "name", p), text(m, "type", p), m.has("default"), features(m, p)));
        });
        String tag = node.has("tag") ? text(node, "tag", path) : null;
        List<Variant> variants = new ArrayList<>();
        eachObject(node, "variants", path, tag != null, (v, p) -> {
            known(v, p, Set.of("case", "type"));
            variants.add(new Variant(text(v, "case", p), text(v, "type", p)));
        });
        if (tag == null && !variants.isEmpty()) {
            throw fail(path, "variants without a tag");
        }
        return new ObjectType(name, members, tag, variants, features);
    }

    private Features features(JsonNode node, String path) {
        return node.has("features") ? new Features(new HashSet<>(strings(node, "features", path))) : Features.NONE;
    }

    private void known(JsonNode node, String path, String... metaTypeMembers) {
        Set<String> allowed = new HashSet<>(BASE);
        allowed.addAll(List.of(metaTypeMembers));
        known(node, path, allowed);
    }

    /** Strict mode: every member must be one QEMU's introspection format (2.11 to 10.x) defines here. */
    private void known(JsonNode node, String path, Set<String> allowed) {
        if (!strict) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String member = names.next();
            if (!allowed.contains(member)) {
                throw fail(path, "member '" + member + "' is not part of QEMU's introspection format"
                        + (node.has("meta-type") ? " for meta-type '" + node.get("meta-type").asText() + "'" : "") + " (strict mode)");
            }
        }
    }

    private interface ElementReader {
        void read(JsonNode element, String path);
    }

    private void eachObject(JsonNode node, String member, String path, boolean required, ElementReader reader) {
        JsonNode list = node.get(member);
        if (list == null) {
            if (required) {
                throw fail(path, "required member '" + member + "' is missing");
            }
            return;
        }
        if (!list.isArray()) {
            throw fail(path + "/" + member, "expected an array, got " + kind(list));
        }
        for (int i = 0; i < list.size(); i++) {
            String p = path + "/" + member + "/" + i;
            requireObject(list.get(i), p);
            reader.read(list.get(i), p);
        }
    }

    private List<String> strings(JsonNode node, String member, String path) {
        JsonNode list = node.get(member);
        if (list == null) {
            throw fail(path, "required member '" + member + "' is missing");
        }
        if (!list.isArray()) {
            throw fail(path + "/" + member, "expected an array of strings, got " + kind(list));
        }
        List<String> strings = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw fail(path + "/" + member + "/" + i, "expected a string, got " + kind(list.get(i)));
            }
            strings.add(list.get(i).asText());
        }
        return strings;
    }

    private static String text(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null) {
            throw fail(path, "required member '" + member + "' is missing");
        }
        if (!value.isTextual()) {
            throw fail(path + "/" + member, "expected a string, got " + kind(value));
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw fail(path + "/" + member, "expected true or false, got " + kind(value));
        }
        return value.asBoolean();
    }

    private static void requireObject(@Nullable JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw fail(path, "expected a SchemaInfo object, got " + kind(node));
        }
    }

    private static String kind(@Nullable JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static QmpProtocolException fail(String path, String problem) {
        return new QmpProtocolException(SUBJECT, path, problem, null);
    }
}
