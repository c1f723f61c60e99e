package dev.qmpsdk.schema.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and fully resolved QAPI schema: every type reference points at its definition, implicit types
 * exist as {@link ObjectType}s, inherited members and discriminators are known.
 *
 * <pre>{@code
 * QapiSchema schema = QapiSchemaLoader.load(Path.of("schema/qapi/qapi-schema.json"));
 * Command stop = schema.command("stop").orElseThrow();
 * }</pre>
 */
public final class QapiSchema {
    private final List<Definition> definitions;
    private final Map<String, QapiType> types;
    private final Map<String, Command> commands;
    private final Map<String, Event> events;
    private final Map<String, Object> pragmas;
    private final List<String> modules;
    private final List<SchemaWarning> warnings;

    /**
     * @param definitions explicit definitions in source order, followed by nothing else; implicit types are
     *     reachable through {@link #implicitObjectTypes()} and {@link #implicitEnums()}
     * @param types every named type, explicit and implicit, by QAPI name (built-ins included)
     * @param pragmas the merged {@code pragma} settings, values as parsed (String, Boolean, List, Map)
     * @param modules every schema file read, main file first, in include order, relative to the main file's directory
     */
    public QapiSchema(List<Definition> definitions, Map<String, QapiType> types, Map<String, Object> pragmas, List<String> modules) {
        this(definitions, types, pragmas, modules, List.of());
    }

    /**
     * Like {@link #QapiSchema(List, Map, Map, List)}, keeping what a lenient load tolerated.
     *
     * @param warnings the damage accepted while loading, in the order it was met
     */
    public QapiSchema(
            List<Definition> definitions,
            Map<String, QapiType> types,
            Map<String, Object> pragmas,
            List<String> modules,
            List<SchemaWarning> warnings) {
        this.definitions = List.copyOf(definitions);
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        Map<String, Command> cmds = new LinkedHashMap<>();
        Map<String, Event> evts = new LinkedHashMap<>();
        for (Definition d : this.definitions) {
            if (d instanceof Command c) {
                cmds.put(c.name(), c);
            } else if (d instanceof Event e) {
                evts.put(e.name(), e);
            }
        }
        this.commands = Collections.unmodifiableMap(cmds);
        this.events = Collections.unmodifiableMap(evts);
        this.pragmas = Collections.unmodifiableMap(new LinkedHashMap<>(pragmas));
        this.modules = List.copyOf(modules);
        this.warnings = List.copyOf(warnings);
    }

    /** Explicit definitions, in source order (include order, each module once). */
    public List<Definition> definitions() {
        return definitions;
    }

    /** A named type (explicit, implicit or built-in), if it exists. */
    public Optional<QapiType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Every named type by QAPI name, built-ins included. */
    public Map<String, QapiType> types() {
        return types;
    }

    public Optional<Command> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public Optional<Event> event(String name) {
        return Optional.ofNullable(events.get(name));
    }

    public List<Command> commands() {
        return List.copyOf(commands.values());
    }

    public List<Event> events() {
        return List.copyOf(events.values());
    }

    /** Explicit enums. */
    public List<EnumType> enums() {
        return ofKind(EnumType.class);
    }

    /** Explicit structs ({@code 'struct'} / 1.x {@code 'type'}). */
    public List<ObjectType> structs() {
        return objects(ObjectType.Kind.STRUCT);
    }

    /** Explicit unions, flat and simple. */
    public List<ObjectType> unions() {
        List<ObjectType> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (d instanceof ObjectType o && o.isUnion()) {
                out.add(o);
            }
        }
        return out;
    }

    public List<AlternateType> alternates() {
        return ofKind(AlternateType.class);
    }

    /** Object types the schema implies without naming them, in the order they were created. */
    public List<ObjectType> implicitObjectTypes() {
        List<ObjectType> out = new ArrayList<>();
        for (QapiType t : types.values()) {
            if (t instanceof ObjectType o && o.isImplicit()) {
                out.add(o);
            }
        }
        return out;
    }

    /** Enums the schema implies (simple-union tag enums). */
    public List<EnumType> implicitEnums() {
        List<EnumType> out = new ArrayList<>();
        for (QapiType t : types.values()) {
            if (t instanceof EnumType e && e.isImplicit()) {
                out.add(e);
            }
        }
        return out;
    }

    public Map<String, Object> pragmas() {
        return pragmas;
    }

    public List<String> modules() {
        return modules;
    }

    /** What a lenient load accepted instead of failing; always empty after a strict load. */
    public List<SchemaWarning> warnings() {
        return warnings;
    }

    private List<ObjectType> objects(ObjectType.Kind kind) {
        List<ObjectType> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (d instanceof ObjectType o && o.kind() == kind) {
                out.add(o);
            }
        }
        return out;
    }

    private <T> List<T> ofKind(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (type.isInstance(d)) {
                out.add(type.cast(d));
            }
        }
        return out;
    }
}
