package dev.qmpsdk.cli;

import dev.qmpsdk.core.introspection.SchemaEntity;
import dev.qmpsdk.core.introspection.SchemaEntity.AlternateType;
import dev.qmpsdk.core.introspection.SchemaEntity.Builtin;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumType;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectType;
import dev.qmpsdk.core.introspection.SchemaEntity.Variant;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the shell's tab key offers, from a {@code query-qmp-schema} answer: the connected server's own
 * ({@link #of(ServerSchema)}, so a QEMU 7.2 offers {@code query-cpus-fast} and not {@code query-cpus}), or the compiled
 * 2.11.2 one ({@link #compiled()}) when the server's cannot be had.
 *
 * <p>For the word being typed after a command it offers the argument names not given yet ({@code name=}, and
 * {@code name.} for a member that is itself an object), dotted members of nested objects
 * ({@code file.driver=}), the values of enum and boolean arguments ({@code sync=full}), and, once a union's
 * discriminator is given ({@code driver=qcow2}), the members of that branch ({@code file=}, {@code backing=}).
 * Every candidate starts with the partial word, so a caller can show them as they are.
 */
final class SchemaCompletion {
    private static final class Holder {
        static final SchemaCompletion COMPILED = new SchemaCompletion(compiledSchema());
    }

    private final ServerSchema schema;

    private SchemaCompletion(ServerSchema schema) {
        this.schema = schema;
    }

    /** The compiled 2.11.2 schema's completion (read once). */
    static SchemaCompletion compiled() {
        return Holder.COMPILED;
    }

    /** The compiled 2.11.2 schema, decoded like a server's answer. */
    static ServerSchema compiledSchema() {
        return ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8), false);
    }

    /** Completion from a server's schema ({@code client.serverSchema()}). */
    static SchemaCompletion of(ServerSchema schema) {
        return new SchemaCompletion(schema);
    }

    /** Every command name, sorted. */
    List<String> commandNames() {
        return List.copyOf(schema.commandNames());
    }

    /** The action types of {@code transaction} ({@code blockdev-snapshot-sync}, ...), sorted as the schema lists them. */
    List<String> transactionActions() {
        ObjectType action = actionUnion();
        return action == null || action.tag() == null ? List.of() : enumValues(memberType(action, action.tag()));
    }

    /**
     * Candidates for the word {@code partial} on a line that runs {@code command}.
     *
     * @param given the {@code key=value} words before it (they pick union branches and are not offered again)
     */
    List<String> arguments(String command, List<String> given, String partial) {
        return schema.command(command).map(c -> complete(type(c.argType()), given, partial)).orElse(List.of());
    }

    /** Candidates for the word {@code partial} of a transaction action line ({@code drive-backup device=...}). */
    List<String> actionArguments(String action, List<String> given, String partial) {
        ObjectType union = actionUnion();
        ObjectType wrapper = union == null ? null : variant(union, action);
        return wrapper == null ? List.of() : complete(memberType(wrapper, "data"), given, partial);
    }

    // ------------------------------------------------------------------ the type graph

    private @Nullable ObjectType actionUnion() {
        SchemaEntity args = schema.command("transaction").map(c -> type(c.argType())).orElse(null);
        SchemaEntity actions = args instanceof ObjectType o ? memberType(o, "actions") : null;
        return actions instanceof SchemaEntity.ArrayType a && type(a.elementType()) instanceof ObjectType union ? union : null;
    }

    private @Nullable SchemaEntity type(@Nullable String name) {
        return name == null ? null : schema.entity(name).orElse(null);
    }

    /** The object type of a union branch ({@code case}), or null. */
    private @Nullable ObjectType variant(ObjectType object, String tagValue) {
        for (Variant v : object.variants()) {
            if (v.tagValue().equals(tagValue)) {
                return type(v.type()) instanceof ObjectType o ? o : null;
            }
        }
        return null;
    }

    private @Nullable SchemaEntity memberType(ObjectType object, String member) {
        return object.member(member).map(m -> type(m.type())).orElse(null);
    }

    /**
     * The members of an object: its own, then those of the branch its discriminator selects in {@code given}
     * (at {@code path}, e.g. {@code file.}).
     */
    private Map<String, ObjectMember> members(ObjectType object, Map<String, String> given, String path) {
        Map<String, ObjectMember> members = new LinkedHashMap<>();
        object.members().forEach(m -> members.put(m.name(), m));
        String tagValue = object.tag() == null ? null : given.get(path + object.tag());
        ObjectType branch = tagValue == null ? null : variant(object, tagValue);
        if (branch != null) {
            branch.members().forEach(m -> members.put(m.name(), m));
        }
        return members;
    }

    /** The object a value of this type can be (an object, or the object branch of an alternate), or null. */
    private @Nullable ObjectType asObject(@Nullable SchemaEntity type) {
        if (type instanceof ObjectType o) {
            return o;
        }
        if (type instanceof AlternateType alt) {
            for (String t : alt.alternatives()) {
                if (type(t) instanceof ObjectType o) {
                    return o;
                }
            }
        }
        return null;
    }

    /** The values a scalar of this type can be written as: enum values, true/false, both for an alternate. */
    private List<String> values(@Nullable SchemaEntity type) {
        if (type instanceof EnumType e) {
            return e.values();
        }
        if (type instanceof Builtin b) {
            return b.jsonType().equals("boolean") ? List.of("true", "false") : List.of();
        }
        if (type instanceof AlternateType alt) {
            Set<String> all = new LinkedHashSet<>();
            alt.alternatives().forEach(t -> all.addAll(values(type(t))));
            return List.copyOf(all);
        }
        return List.of();
    }

    private static List<String> enumValues(@Nullable SchemaEntity type) {
        return type instanceof EnumType e ? e.values() : List.of();
    }

    // ------------------------------------------------------------------ completing a word

    private List<String> complete(@Nullable SchemaEntity argumentsType, List<String> givenWords, String partial) {
        ObjectType top = asObject(argumentsType);
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
        ObjectType object = path.isEmpty() ? top : asObject(memberAt(top, path.substring(0, path.length() - 1), given));
        if (object == null) {
            return out;
        }
        for (ObjectMember m : members(object, given, path).values()) {
            String name = m.name();
            if (!name.startsWith(namePrefix) || given.containsKey(path + name)) {
                continue;
            }
            out.add(path + name + "=");
            if (asObject(type(m.type())) != null) {
                out.add(path + name + ".");
            }
        }
        return out;
    }

    /** The type of the member at a dotted key ({@code file.driver}), following union branches picked in {@code given}. */
    private @Nullable SchemaEntity memberAt(ObjectType top, String dottedKey, Map<String, String> given) {
        ObjectType object = top;
        String path = "";
        String[] names = dottedKey.split("\\.", -1);
        for (int i = 0; i < names.length; i++) {
            ObjectMember member = object == null ? null : members(object, given, path).get(names[i]);
            if (member == null) {
                return null;
            }
            SchemaEntity type = type(member.type());
            if (i == names.length - 1) {
                return type;
            }
            object = asObject(type);
            path = path + names[i] + ".";
        }
        return null;
    }
}
