package dev.qmpsdk.schema.gen;

import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.ArrayType;
import dev.qmpsdk.schema.model.Builtin;
import dev.qmpsdk.schema.model.BuiltinType;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Definition;
import dev.qmpsdk.schema.model.DefinitionInfo;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.EnumValue;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiType;
import dev.qmpsdk.schema.model.SourceLocation;
import dev.qmpsdk.schema.model.Variant;
import dev.qmpsdk.schema.model.Variants;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes what QEMU answers to {@code query-qmp-schema} for a schema: the {@code SchemaInfo} list that
 * QEMU's QAPI generator ({@code scripts/qapi/introspect.py}) derives from the same schema at QEMU's build
 * time, with the rules of QEMU 2.11:
 *
 * <ul>
 *   <li>only commands, events and the types reachable from them are listed; commands and events first,
 *       sorted by name (2.11 visited entities sorted by name; QEMU 2.12+ uses source order), then the types
 *       in the order they were first used;</li>
 *   <li>built-in types keep their names ({@code str}, {@code int}, {@code bool}...); every integer type is
 *       {@code int}, and a list of any integer type is {@code [int]};</li>
 *   <li>every other type name is masked as a decimal number, {@code "0"}, {@code "1"}..., in order of first
 *       use (QEMU counts from 0); a list is {@code [} + its element's name + {@code ]};</li>
 *   <li>a command without arguments or result, and an event without data, refer to the empty object type
 *       ({@code q_empty});</li>
 *   <li>optional members carry {@code "default": null}; objects list all members, the base's first; a union
 *       names its tag and one variant per branch (a simple union's tag is its implicit {@code type} member
 *       and its variants the {@code {'data': T}} wrappers); alternates list their alternatives' types.</li>
 * </ul>
 *
 * <p>What 2.11's {@code SchemaInfo} cannot say is left out, also for newer schemas: {@code 'if'} conditions
 * (the generator has no build configuration, so everything is listed, as in the rest of the generated
 * model), {@code features}, {@code allow-oob} (QEMU 2.12+) and enum {@code members} (QEMU 6.0+).
 * One later rule is applied because 2.11 had no such schemas: a flat-union tag value without a branch gets a
 * variant of the empty object type, as QEMU 2.12+ does.
 *
 * <pre>{@code
 * String json = new IntrospectionEmitter(schema).json();   // [{"name": "query-status", ...}, ...]
 * }</pre>
 */
public final class IntrospectionEmitter {
    /** QEMU's name for the empty object type; {@code q_} names are reserved, so no schema type can clash. */
    static final String EMPTY_OBJECT_NAME = "q_empty";

    /** QType's values in QEMU 2.11; QType is an enum there, referenced only by QEMU's own alternate code. */
    private static final List<String> QTYPE_VALUES = List.of("none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool");

    private final QapiSchema schema;
    private final ObjectType emptyObject = new ObjectType(EMPTY_OBJECT_NAME,
            new DefinitionInfo(new SourceLocation("(built-in)", 0, 0), "(built-in)", null, null, null, List.of()),
            ObjectType.Kind.STRUCT, null, null);

    /** The types to describe, in order of first use; grows while it is worked off. */
    private final List<QapiType> used = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, String> masked = new HashMap<>();

    /** @param schema the resolved schema whose introspection is wanted */
    public IntrospectionEmitter(QapiSchema schema) {
        this.schema = schema;
    }

    /** The {@code SchemaInfo} list as JSON text, one entry per line. */
    public String json() {
        return IntrospectionJson.write(entries());
    }

    /**
     * The {@code SchemaInfo} entries, each an insertion-ordered map whose values are strings, lists, maps or
     * null (the {@code default} of an optional member).
     */
    public List<Map<String, Object>> entries() {
        used.clear();
        usedNames.clear();
        masked.clear();
        List<Map<String, Object>> out = new ArrayList<>();
        List<Definition> entities = new ArrayList<>();
        entities.addAll(schema.commands());
        entities.addAll(schema.events());
        // QEMU 2.11 visits entities sorted by name (Python's code-point order, which String.compareTo matches
        // for the ASCII names QAPI allows); 2.12+ visits in source order. Either way the order is unspecified.
        entities.sort(Comparator.comparing(Definition::name));
        for (Definition d : entities) {
            out.add(d instanceof Command c ? command(c) : event((Event) d));
        }
        for (int i = 0; i < used.size(); i++) {
            out.add(type(used.get(i)));
        }
        return out;
    }

    private Map<String, Object> command(Command c) {
        Map<String, Object> e = entry(c.name(), "command");
        e.put("arg-type", use(c.arguments() != null ? c.arguments() : emptyObject));
        e.put("ret-type", use(c.returns() != null ? c.returns() : emptyObject));
        return e;
    }

    private Map<String, Object> event(Event ev) {
        Map<String, Object> e = entry(ev.name(), "event");
        e.put("arg-type", use(ev.data() != null ? ev.data() : emptyObject));
        return e;
    }

    private Map<String, Object> type(QapiType t) {
        if (t instanceof BuiltinType b && b.kind() != Builtin.QTYPE) {
            Map<String, Object> e = entry(b.name(), "builtin");
            e.put("json-type", jsonType(b.kind()));
            return e;
        }
        if (t instanceof BuiltinType) {
            Map<String, Object> e = entry(mask(t), "enum");
            e.put("values", QTYPE_VALUES);
            return e;
        }
        if (t instanceof EnumType en) {
            Map<String, Object> e = entry(mask(t), "enum");
            e.put("values", en.values().stream().map(EnumValue::name).toList());
            return e;
        }
        if (t instanceof ArrayType a) {
            String element = use(a.element());
            Map<String, Object> e = entry("[" + element + "]", "array");
            e.put("element-type", element);
            return e;
        }
        if (t instanceof AlternateType alt) {
            List<Object> members = new ArrayList<>();
            for (Variant v : alt.alternatives()) {
                members.add(Map.of("type", use(v.type())));
            }
            Map<String, Object> e = entry(mask(t), "alternate");
            e.put("members", members);
            return e;
        }
        return object((ObjectType) t);
    }

    private Map<String, Object> object(ObjectType o) {
        List<Object> members = new ArrayList<>();
        for (Member m : o.members()) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("name", m.name());
            member.put("type", use(m.type()));
            if (m.optional()) {
                member.put("default", null);
            }
            members.add(member);
        }
        Map<String, Object> e = entry(mask(o), "object");
        e.put("members", members);
        Variants variants = o.variants();
        if (variants != null) {
            List<Object> cases = new ArrayList<>();
            Set<String> covered = new HashSet<>();
            for (Variant v : variants.variants()) {
                cases.add(variant(v.name(), v.type()));
                covered.add(v.name());
            }
            if (o.kind() == ObjectType.Kind.FLAT_UNION && variants.tag().type() instanceof EnumType tagEnum) {
                for (EnumValue value : tagEnum.values()) {
                    if (!covered.contains(value.name())) {
                        cases.add(variant(value.name(), emptyObject));
                    }
                }
            }
            e.put("tag", variants.tag().name());
            e.put("variants", cases);
        }
        return e;
    }

    private Map<String, Object> variant(String tagValue, QapiType type) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("case", tagValue);
        v.put("type", use(type));
        return v;
    }

    private static Map<String, Object> entry(String name, String metaType) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("meta-type", metaType);
        return e;
    }

    /**
     * Queues {@code t} for description on first use and returns the name entries refer to it by. An array is
     * queued before its element, as in QEMU, which fixes the masked numbers.
     */
    private String use(QapiType t) {
        QapiType type = t;
        if (isInteger(type)) {
            type = new BuiltinType(Builtin.INT);
        } else if (type instanceof ArrayType a && isInteger(a.element())) {
            type = new ArrayType(new BuiltinType(Builtin.INT));
        }
        if (usedNames.add(type.name())) {
            used.add(type);
        }
        if (type instanceof BuiltinType b && b.kind() != Builtin.QTYPE) {
            return b.name();
        }
        if (type instanceof ArrayType a) {
            return "[" + use(a.element()) + "]";
        }
        return mask(type);
    }

    /** Type names are not part of the wire ABI; QEMU hides them behind numbers so clients look at commands. */
    private String mask(QapiType t) {
        return masked.computeIfAbsent(t.name(), n -> Integer.toString(masked.size()));
    }

    private static boolean isInteger(QapiType t) {
        return t instanceof BuiltinType b && b.kind().isInteger();
    }

    private static String jsonType(Builtin b) {
        return switch (b) {
            case STR -> "string";
            case NUMBER -> "number";
            case BOOL -> "boolean";
            case NULL -> "null";
            case ANY -> "value";
            default -> "int"; // only INT is ever described: use() maps every integer type to it
        };
    }
}
