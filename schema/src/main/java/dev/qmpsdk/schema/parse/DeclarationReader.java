package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.ast.AlternateDecl;
import dev.qmpsdk.schema.ast.BranchDecl;
import dev.qmpsdk.schema.ast.CommandDecl;
import dev.qmpsdk.schema.ast.Declaration;
import dev.qmpsdk.schema.ast.EnumDecl;
import dev.qmpsdk.schema.ast.EnumValueDecl;
import dev.qmpsdk.schema.ast.EventDecl;
import dev.qmpsdk.schema.ast.MemberDecl;
import dev.qmpsdk.schema.ast.StructDecl;
import dev.qmpsdk.schema.ast.TypeRef;
import dev.qmpsdk.schema.ast.UnionDecl;
import dev.qmpsdk.schema.model.DefinitionInfo;
import dev.qmpsdk.schema.model.QapiSchemaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks one top-level definition expression and turns it into a {@link Declaration}, accepting the
 * spelling of every QEMU era (see the package doc of {@code dev.qmpsdk.schema.ast}).
 */
final class DeclarationReader {
    /** The keys that say what an expression is; 1.x wrote {@code 'type'} for {@code 'struct'}. */
    static final List<String> META_KEYS =
            List.of("enum", "struct", "type", "union", "alternate", "command", "event", "include", "pragma");

    private static final Set<String> ENUM_KEYS = Set.of("enum", "data", "prefix", "if", "features");
    private static final Set<String> STRUCT_KEYS = Set.of("data", "base", "if", "features");
    private static final Set<String> UNION_KEYS = Set.of("union", "data", "base", "discriminator", "if", "features");
    private static final Set<String> ALTERNATE_KEYS = Set.of("alternate", "data", "if", "features");
    private static final Set<String> COMMAND_KEYS = Set.of("command", "data", "returns", "boxed", "gen",
            "success-response", "allow-oob", "allow-preconfig", "coroutine", "if", "features");
    private static final Set<String> EVENT_KEYS = Set.of("event", "data", "boxed", "if", "features");
    private static final Set<String> MEMBER_DICT_KEYS = Set.of("type", "if", "features", "optional");
    private static final Set<String> ENUM_VALUE_KEYS = Set.of("name", "if", "features");
    private static final Set<String> BRANCH_DICT_KEYS = Set.of("type", "if");

    private final KeyChecker keys;
    private final ConditionReader conditions;

    DeclarationReader(Diagnostics diagnostics) {
        this.keys = new KeyChecker(diagnostics);
        this.conditions = new ConditionReader(keys);
    }

    /** The meta key of a top-level expression ({@code struct}, {@code include}...). */
    static String metaKey(Node.Dict expression) {
        for (String key : expression.entries().keySet()) {
            if (META_KEYS.contains(key)) {
                return key;
            }
        }
        throw new QapiSchemaException(expression.location(),
                "expression must have one of the keys " + String.join(", ", META_KEYS));
    }

    KeyChecker keys() {
        return keys;
    }

    Declaration read(SchemaFileParser.TopLevelExpression top, String module) {
        Node.Dict expr = top.expression();
        String meta = metaKey(expr);
        String name = keys.requireString(expr, meta, "'" + meta + "' expression");
        String role = meta + " '" + name + "'";
        DefinitionInfo info = new DefinitionInfo(expr.location(), module, top.section(), top.doc(),
                conditions.ifCondition(expr.get("if")), conditions.features(expr.get("features")));
        Object source = expr.plain();
        return switch (meta) {
            case "enum" -> {
                keys.check(expr, role, ENUM_KEYS);
                yield new EnumDecl(name, info, source, enumValues(required(expr, "data", role)),
                        expr.has("prefix") ? keys.requireString(expr, "prefix", role) : null);
            }
            case "struct", "type" -> {
                keys.check(expr, role, with(STRUCT_KEYS, meta));
                Node base = expr.get("base");
                yield new StructDecl(name, info, source, base == null ? null : named(base, "'base' of " + role),
                        expr.has("data") ? members(expr.get("data"), role) : List.of());
            }
            case "union" -> union(expr, name, info, source, role);
            case "alternate" -> {
                keys.check(expr, role, ALTERNATE_KEYS);
                yield new AlternateDecl(name, info, source, branches(required(expr, "data", role), role));
            }
            case "command" -> command(expr, name, info, source, role);
            case "event" -> {
                keys.check(expr, role, EVENT_KEYS);
                yield new EventDecl(name, info, source, dataType(expr.get("data"), role), flag(expr, "boxed", false));
            }
            default -> throw new IllegalArgumentException("not a definition: " + meta);
        };
    }

    private Declaration union(Node.Dict expr, String name, DefinitionInfo info, Object source, String role) {
        keys.check(expr, role, UNION_KEYS);
        List<BranchDecl> branches = branches(required(expr, "data", role), role);
        Node discriminator = expr.get("discriminator");
        // QEMU 1.7 to 2.2 wrote an alternate as a union with an empty dict as discriminator
        if (discriminator instanceof Node.Dict dict && dict.entries().isEmpty()) {
            return new AlternateDecl(name, info, source, branches);
        }
        Node base = expr.get("base");
        TypeRef baseRef = null;
        if (base instanceof Node.Dict dict) {
            baseRef = new TypeRef.Inline(members(dict, "'base' of " + role), dict.location());
        } else if (base != null) {
            baseRef = named(base, "'base' of " + role);
        }
        return new UnionDecl(name, info, source, baseRef,
                discriminator == null ? null : KeyChecker.string(discriminator, "'discriminator' of " + role),
                discriminator == null ? expr.location() : discriminator.location(), branches);
    }

    private Declaration command(Node.Dict expr, String name, DefinitionInfo info, Object source, String role) {
        keys.check(expr, role, COMMAND_KEYS);
        Node returns = expr.get("returns");
        TypeRef returnType = null;
        if (returns instanceof Node.Dict dict) {
            returnType = new TypeRef.Inline(members(dict, "'returns' of " + role), dict.location());
        } else if (returns != null) {
            returnType = typeRef(returns, "'returns' of " + role);
        }
        return new CommandDecl(name, info, source, dataType(expr.get("data"), role), returnType,
                flag(expr, "boxed", false), flag(expr, "gen", true), flag(expr, "success-response", true),
                flag(expr, "allow-oob", false), flag(expr, "allow-preconfig", false), flag(expr, "coroutine", false));
    }

    /** Command arguments or event data: a type name, or a dict of members. */
    private @Nullable TypeRef dataType(@Nullable Node data, String role) {
        if (data == null) {
            return null;
        }
        if (data instanceof Node.Dict dict) {
            return new TypeRef.Inline(members(dict, role), dict.location());
        }
        return named(data, "'data' of " + role);
    }

    private List<MemberDecl> members(Node data, String role) {
        if (!(data instanceof Node.Dict dict)) {
            throw new QapiSchemaException(data.location(), "members of " + role + " must be a dict, not " + data.describe());
        }
        List<MemberDecl> out = new ArrayList<>();
        for (Node.Entry entry : dict.entries().values()) {
            boolean optional = entry.name().startsWith("*");
            String name = optional ? entry.name().substring(1) : entry.name();
            String memberRole = "member '" + name + "' of " + role;
            Node value = entry.value();
            if (value instanceof Node.Dict memberDict && isMemberDict(memberDict)) {
                keys.check(memberDict, memberRole, MEMBER_DICT_KEYS);
                out.add(new MemberDecl(name, optional || flag(memberDict, "optional", false),
                        typeRef(memberDict.get("type"), memberRole),
                        conditions.ifCondition(memberDict.get("if")), conditions.features(memberDict.get("features")),
                        entry.key().location()));
            } else if (value instanceof Node.Dict nested) {
                // QAPI 1.x: an anonymous struct written in place
                out.add(new MemberDecl(name, optional, new TypeRef.Inline(members(nested, memberRole), nested.location()),
                        null, List.of(), entry.key().location()));
            } else {
                out.add(new MemberDecl(name, optional, typeRef(value, memberRole), null, List.of(), entry.key().location()));
            }
        }
        return out;
    }

    /**
     * {@code {'type': 'T', 'if': ...}} describes one member; any other dict is a 1.x nested struct. A nested
     * struct whose only members are called {@code type}, {@code if}, {@code features} or {@code optional}
     * would read as a member dict, as in current QEMU.
     */
    private static boolean isMemberDict(Node.Dict dict) {
        Node type = dict.get("type");
        return (type instanceof Node.Text || type instanceof Node.ListNode)
                && MEMBER_DICT_KEYS.containsAll(dict.entries().keySet());
    }

    private List<EnumValueDecl> enumValues(Node data) {
        if (!(data instanceof Node.ListNode list)) {
            throw new QapiSchemaException(data.location(), "enum 'data' must be a list, not " + data.describe());
        }
        List<EnumValueDecl> out = new ArrayList<>();
        for (Node item : list.items()) {
            if (item instanceof Node.Text text) {
                out.add(new EnumValueDecl(text.value(), null, List.of(), text.location()));
            } else if (item instanceof Node.Dict dict) {
                keys.check(dict, "enum value", ENUM_VALUE_KEYS);
                out.add(new EnumValueDecl(keys.requireString(dict, "name", "enum value"),
                        conditions.ifCondition(dict.get("if")), conditions.features(dict.get("features")),
                        dict.location()));
            } else {
                throw new QapiSchemaException(item.location(), "an enum value must be a string or a dict, not " + item.describe());
            }
        }
        return out;
    }

    private List<BranchDecl> branches(Node data, String role) {
        if (!(data instanceof Node.Dict dict)) {
            throw new QapiSchemaException(data.location(), "'data' of " + role + " must be a dict, not " + data.describe());
        }
        List<BranchDecl> out = new ArrayList<>();
        for (Node.Entry entry : dict.entries().values()) {
            String branchRole = "branch '" + entry.name() + "' of " + role;
            if (entry.value() instanceof Node.Dict branch) {
                keys.check(branch, branchRole, BRANCH_DICT_KEYS);
                out.add(new BranchDecl(entry.name(), typeRef(required(branch, "type", branchRole), branchRole),
                        conditions.ifCondition(branch.get("if")), entry.key().location()));
            } else {
                out.add(new BranchDecl(entry.name(), typeRef(entry.value(), branchRole), null, entry.key().location()));
            }
        }
        return out;
    }

    private static TypeRef typeRef(@Nullable Node node, String what) {
        if (node instanceof Node.ListNode list) {
            if (list.items().size() != 1) {
                throw new QapiSchemaException(list.location(), "array type of " + what + " must name exactly one element type");
            }
            return new TypeRef.ArrayOf(named(list.items().get(0), what), list.location());
        }
        if (node == null) {
            throw new IllegalArgumentException("no type for " + what);
        }
        return named(node, what);
    }

    private static TypeRef.Named named(Node node, String what) {
        return new TypeRef.Named(KeyChecker.string(node, "type of " + what), node.location());
    }

    private static Node required(Node.Dict dict, String key, String role) {
        Node value = dict.get(key);
        if (value == null) {
            throw new QapiSchemaException(dict.location(), role + " is missing key '" + key + "'");
        }
        return value;
    }

    /** A boolean; 1.x also wrote {@code 'yes'}/{@code 'no'} (as in {@code 'gen': 'no'}). */
    private static boolean flag(Node.Dict dict, String key, boolean absent) {
        Node value = dict.get(key);
        if (value == null) {
            return absent;
        }
        if (value instanceof Node.Bool bool) {
            return bool.value();
        }
        if (value instanceof Node.Text text && (text.value().equals("yes") || text.value().equals("no"))) {
            return text.value().equals("yes");
        }
        throw new QapiSchemaException(value.location(), "'" + key + "' must be true or false, not " + value.describe());
    }

    private static Set<String> with(Set<String> keys, String extra) {
        Set<String> out = new java.util.HashSet<>(keys);
        out.add(extra);
        return out;
    }
}
