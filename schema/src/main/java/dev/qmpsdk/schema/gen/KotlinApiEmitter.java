package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import dev.qmpsdk.schema.model.ArrayType;
import dev.qmpsdk.schema.model.BuiltinType;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiType;
import dev.qmpsdk.schema.model.Variant;
import dev.qmpsdk.schema.model.Variants;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Emits the Kotlin side of the command API as plain Kotlin source text (no KotlinPoet):
 *
 * <ul>
 *   <li>{@code <kotlinPackage>.QmpCoroutineCommands}: an interface over the reactive {@code QmpCommandsApi} with
 *       one {@code suspend} member per Java method, same name and parameters: {@code queryStatus(): StatusInfo}
 *       ({@code awaitCommand}, so never nullable, and a failure shows the caller's frames), {@code stop()} returning {@code Unit}; every argument type that
 *       has a DSL also gets a {@code name { ... }} overload (boxed unions included, which Java only takes whole).
 *       Members, not extensions on {@code QmpClient}: the client's own {@code Mono} methods of the same name and
 *       parameters would shadow extensions.</li>
 *   <li>{@code <kotlinPackage>.dsl}: one {@code @QmpDsl} class per argument type ({@code <JavaName>Dsl}) and per
 *       object type reachable from one through its members. A struct's DSL has one {@code var} per member (named
 *       as the Java accessor) and, for object-typed members, a {@code member { ... }} function; {@code _build()}
 *       fills the Java builder, so a missing required member fails with the builder's own message. A union's DSL
 *       has one function per branch, each taking the branch's nested DSL class (named as the Java branch class).</li>
 * </ul>
 *
 * <p>Types are imported and named simply, in code and in KDoc links ({@code [StatusInfo]}); {@link KotlinImports}
 * keeps a simple name qualified where it would be ambiguous (two types of that name in one file, a Kotlin default
 * import such as {@code String}, a DSL class of the file). KDoc never shows a QAPI-internal name ({@code q_obj_...}):
 * implicit argument types are described as the arguments of their command. Kotlin keywords are escaped with
 * backticks. Output is deterministic.
 */
final class KotlinApiEmitter {
    static final String COMMANDS_INTERFACE = "QmpCoroutineCommands";
    static final String REACTIVE = "reactive";
    static final String DSL_SUFFIX = "Dsl";
    static final String BUILD = "_build";
    /** sdk-kotlin-ext's {@code @DslMarker}: the same for the SDK's own DSLs and those generated for a user's schema. */
    static final String DSL_MARKER = "dev.qmpsdk.kotlin.QmpDsl";

    /** Kotlin's hard and soft keywords that cannot be plain identifiers where we use them. */
    private static final Set<String> KOTLIN_KEYWORDS = Set.of(
            "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in", "interface", "is",
            "null", "object", "package", "return", "super", "this", "throw", "true", "try", "typealias", "typeof",
            "val", "var", "when", "while");

    private final NamePlan names;
    private final String schemaName;
    private final String reactiveApi;
    private final String kotlinPackage;
    private final String dslPackage;
    private final String rootSegment;
    /** DSL'd object types, in discovery order, with the Kotlin class (simple name) of each. */
    private final Map<ObjectType, String> dslTypes = new LinkedHashMap<>();
    /** The imports of the file being written. */
    private KotlinImports imports = new KotlinImports("", Set.of());

    KotlinApiEmitter(NamePlan names, String schemaName, String reactiveApiClass, String kotlinPackage) {
        this.names = names;
        this.schemaName = schemaName;
        this.reactiveApi = reactiveApiClass;
        this.kotlinPackage = kotlinPackage;
        this.dslPackage = kotlinPackage + ".dsl";
        this.rootSegment = names.basePackage().split("\\.")[0];
    }

    /** Files keyed by path relative to the output root. */
    Map<String, String> emit(List<Command> commands) {
        collectDslTypes(commands);
        Map<String, String> out = new LinkedHashMap<>();
        imports = new KotlinImports(kotlinPackage, Set.of(COMMANDS_INTERFACE));
        commandsInterface(commands);
        imports.resolve();
        out.put(kotlinPackage.replace('.', '/') + "/" + COMMANDS_INTERFACE + ".kt", commandsInterface(commands));
        Map<String, List<ObjectType>> byPackage = new TreeMap<>();
        for (ObjectType o : dslTypes.keySet()) {
            byPackage.computeIfAbsent(names.className(o).packageName(), p -> new ArrayList<>()).add(o);
        }
        for (Map.Entry<String, List<ObjectType>> e : byPackage.entrySet()) {
            String segment = e.getKey().substring(e.getKey().lastIndexOf('.') + 1).replace("_", "");
            String file = JavaNames.capitalize(segment) + "Dsls";
            imports = new KotlinImports(dslPackage, declaredDslClasses());
            dslFileBody(e.getValue(), commands);
            imports.resolve();
            String body = dslFileBody(e.getValue(), commands);
            out.put(dslPackage.replace('.', '/') + "/" + file + ".kt", header("argument DSLs for the types of " + e.getKey())
                    + "@file:Suppress(\"DEPRECATION\", \"RedundantVisibilityModifier\", \"PropertyName\", \"FunctionName\", \"ClassName\")\n\n"
                    + "package " + dslPackage + "\n\n" + imports.importBlock() + body);
        }
        return out;
    }

    /**
     * Every DSL class name, nested branch classes included: a file's own classes must not be imported under the
     * same simple name, and a nested class named like a type would shadow it within its outer class.
     */
    private Set<String> declaredDslClasses() {
        Set<String> out = new LinkedHashSet<>(dslTypes.values());
        for (ObjectType o : dslTypes.keySet()) {
            if (o.isUnion()) {
                out.addAll(NamePlan.branchNames(names.className(o).simpleName(), Objects.requireNonNull(o.variants()).variants()).values());
            }
        }
        return out;
    }

    /** The DSL classes of one Java package's types (rendered once per {@link KotlinImports} pass). */
    private String dslFileBody(List<ObjectType> types, List<Command> commands) {
        StringBuilder sb = new StringBuilder();
        for (ObjectType o : types) {
            String dslName = dslTypes.get(o);
            if (o.isUnion()) {
                unionDsl(sb, o, dslName);
            } else {
                List<Member> members = o.members();
                boolean arguments = o.kind() == ObjectType.Kind.COMMAND_ARGUMENTS;
                String what = arguments ? "the arguments of `" + commandOf(commands, o).name() + "`"
                        : o.isImplicit() ? "" : "`" + o.name() + "`";
                structDsl(sb, "", dslName, cls(names.className(o)), what, o.name(), members, NamePlan.memberNames(members), null, null,
                        arguments && !commandOf(commands, o).gen());
            }
        }
        return sb.toString();
    }

    /** How the current file names a Java class (imported where it can be). */
    private String cls(ClassName c) {
        List<String> nested = c.simpleNames().subList(1, c.simpleNames().size());
        return imports.ref(c.topLevelClassName().canonicalName(), String.join(".", nested));
    }

    /** The number of DSL classes (top-level and union branches) the last {@link #emit} wrote. */
    int dslClassCount() {
        int n = 0;
        for (ObjectType o : dslTypes.keySet()) {
            n += 1 + (o.isUnion() ? Objects.requireNonNull(o.variants()).variants().size() : 0);
        }
        return n;
    }

    private static Command commandOf(List<Command> commands, ObjectType args) {
        for (Command c : commands) {
            if (c.arguments() == args) {
                return c;
            }
        }
        throw new IllegalStateException("no command takes " + args.name());
    }

    // ------------------------------------------------------------------ which types get a DSL

    private void collectDslTypes(List<Command> commands) {
        Deque<ObjectType> work = new ArrayDeque<>();
        for (Command c : commands) {
            if (c.arguments() != null) {
                work.add(c.arguments());
            }
        }
        Set<String> taken = new LinkedHashSet<>();
        while (!work.isEmpty()) {
            ObjectType o = work.removeFirst();
            if (dslTypes.containsKey(o)) {
                continue;
            }
            String name = names.className(o).simpleName() + DSL_SUFFIX;
            if (!taken.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("two DSL classes named " + name);
            }
            dslTypes.put(o, name);
            for (Member m : objectMembers(o)) {
                if (m.type() instanceof ObjectType t && !dslTypes.containsKey(t)) {
                    work.add(t);
                }
            }
        }
    }

    /** Every member a DSL of {@code o} has: a struct's own, or for a union every branch's. */
    private static List<Member> objectMembers(ObjectType o) {
        if (!o.isUnion()) {
            return o.members();
        }
        List<Member> out = new ArrayList<>();
        for (Variant v : Objects.requireNonNull(o.variants()).variants()) {
            out.addAll(branchMembers(o, v));
        }
        return out;
    }

    /** The members of a union branch's Java class, as {@code UnionEmitter} lays them out (the tag included). */
    private static List<Member> branchMembers(ObjectType union, Variant v) {
        return UnionEmitter.branchMembers(v, union.members(), UnionEmitter.flattenedMember(v));
    }

    // ------------------------------------------------------------------ the suspend interface

    private String commandsInterface(List<Command> commands) {
        // The SDK's awaits: a failed command's exception gets the suspended callers' frames (see CallerFrames.kt).
        imports.importFunction("dev.qmpsdk.kotlin.awaitCommand");
        imports.importFunction("dev.qmpsdk.kotlin.awaitCommandOrNull");
        StringBuilder sb = new StringBuilder();
        String api = imports.ref(reactiveApi);
        sb.append(doc("The commands of " + schemaName + ", one `suspend` function per method of [" + api + "].\n\n"
                + "Each call sends the command once and suspends until its reply; cancelling the coroutine cancels the\n"
                + "command (its pending entry is removed). A command without a return value returns `Unit`. Arguments\n"
                + "can be passed as the Java value or built with a DSL: `blockdevAdd { file { nodeName = \"disk0\" } }`.", ""));
        sb.append("public interface ").append(COMMANDS_INTERFACE).append(" {\n");
        sb.append("    /** The reactive API every function here delegates to. */\n");
        sb.append("    public val ").append(REACTIVE).append(": ").append(api).append("\n");
        for (Map.Entry<Command, String> e : ReactiveApiEmitter.methodNames(commands).entrySet()) {
            if (e.getValue().equals(REACTIVE) || e.getValue().equals(rootSegment)) {
                throw new IllegalStateException("command " + e.getKey().name() + " is named like a member of " + COMMANDS_INTERFACE);
            }
            command(sb, e.getKey(), e.getValue());
        }
        sb.append("}\n\n");
        sb.append("/** Waits for a command without a return value; one shared suspend point for all of them. */\n");
        sb.append("internal suspend fun ").append(imports.ref("reactor.core.publisher.Mono")).append("<Void>.awaitUnit() {\n")
                .append("    awaitCommandOrNull()\n}\n");
        return header("the suspend commands of " + schemaName) + "@file:Suppress(\"DEPRECATION\", \"RedundantVisibilityModifier\")\n\n"
                + "package " + kotlinPackage + "\n\n" + imports.importBlock() + sb;
    }

    private void command(StringBuilder sb, Command c, String method) {
        String fn = ident(method);
        String returns = c.returns() == null ? "Unit" : kotlinType(c.returns());
        // Every body is a tail call, so no function needs a continuation class of its own.
        String await = c.returns() == null ? ".awaitUnit()" : ".awaitCommand()";
        String tail = "\n";
        String body = " =\n        " + REACTIVE + ".";
        String summary = summary(c);
        String deprecated = c.info().isDeprecated() ? "    @Deprecated(\"Deprecated in the schema\")\n" : "";
        ObjectType args = c.arguments();
        if (args == null) {
            sb.append('\n').append(doc(summary + "\n\nSends `" + c.name() + "`.", "    "));
            sb.append(deprecated).append("    public suspend fun ").append(fn).append("(): ").append(returns)
                    .append(body).append(fn).append("()").append(await).append(tail);
            return;
        }
        String argsType = cls(names.className(args));
        sb.append('\n').append(doc(summary + "\n\nSends `" + c.name() + "` with [arguments].", "    "));
        sb.append(deprecated).append("    public suspend fun ").append(fn).append("(arguments: ").append(argsType).append("): ").append(returns)
                .append(body).append(fn).append("(arguments)").append(await).append(tail);
        String dsl = imports.ref(dslPackage + "." + Objects.requireNonNull(dslTypes.get(args), args::name));
        sb.append('\n').append(doc(summary + "\n\nSends `" + c.name() + "` with the arguments [arguments] builds.", "    "));
        sb.append(deprecated).append("    public suspend fun ").append(fn).append("(arguments: ").append(dsl).append(".() -> Unit): ")
                .append(returns).append(" =\n        ").append(fn).append('(').append(dsl).append("().apply(arguments).").append(BUILD).append("())\n");
        if (!args.isUnion() && args.members().stream().allMatch(Member::optional)) {
            sb.append('\n').append(doc(summary + "\n\nSends `" + c.name() + "` without arguments (every argument is optional).", "    "));
            sb.append(deprecated).append("    public suspend fun ").append(fn).append("(): ").append(returns)
                    .append(body).append(fn).append("()").append(await).append(tail);
        }
    }

    // ------------------------------------------------------------------ DSL classes

    /**
     * A struct-like DSL: {@code javaClass} is the class whose {@code builder()} it fills, {@code fixed} a member
     * without a setter (a branch's discriminator).
     */
    private void structDsl(StringBuilder sb, String indent, String dslName, String javaClass, String what, String qapiName,
            List<Member> members, Map<Member, String> memberNames, @Nullable Member fixed, @Nullable Member flattened, boolean additional) {
        sb.append(doc("Builds a [" + javaClass + "]" + (what.isEmpty() ? "" : " (" + what + ")") + "; unset members are left out, and a missing required one"
                + "\nfails in `" + BUILD + "()` with the Java builder's message naming it.", indent));
        sb.append(indent).append("@").append(imports.ref(DSL_MARKER)).append("\n");
        sb.append(indent).append("public class ").append(dslName).append(" {\n");
        String in = indent + "    ";
        List<Member> fields = new ArrayList<>();
        for (Member m : members) {
            if (m != fixed) {
                fields.add(m);
            }
        }
        for (Member m : fields) {
            String n = ident(memberNames.get(m));
            checkName(memberNames.get(m), qapiName);
            String text = (m.doc() == null ? "" : m.doc().strip() + "\n\n")
                    + (m.equals(flattened) ? "Its members are the branch object's own on the wire (not nested under a name)."
                            : "Wire name `" + m.name() + "`, " + (m.optional() ? "optional." : "required."));
            sb.append(doc(text, in));
            if (m.isDeprecated()) {
                sb.append(in).append("@Deprecated(\"Deprecated in the schema\")\n");
            }
            sb.append(in).append("public var ").append(n).append(": ").append(kotlinType(m.type())).append("? = null\n");
            if (m.type() instanceof ObjectType t) {
                String nested = imports.ref(dslPackage + "." + dslTypes.get(t));
                sb.append(doc("Sets [" + n.replace("`", "") + "] to the value [block] builds.", in));
                sb.append(in).append("public fun ").append(n).append("(block: ").append(nested).append(".() -> Unit) {\n")
                        .append(in).append("    ").append(n).append(" = ").append(nested).append("().apply(block).").append(BUILD).append("()\n")
                        .append(in).append("}\n");
            }
        }
        if (additional) {
            String json = imports.ref(Runtime.JSON_NODE.canonicalName());
            sb.append(in).append("private val _additional = LinkedHashMap<String, ").append(json).append("?>()\n");
            sb.append(doc("Adds a member the schema does not declare (QEMU takes more for this command); null removes it.", in));
            sb.append(in).append("public fun _additionalMember(name: String, value: ").append(json).append("?) {\n")
                    .append(in).append("    _additional[name] = value\n").append(in).append("}\n");
        }
        sb.append(doc("The immutable Java value.\n\n@throws IllegalStateException when a required member is not set", in));
        sb.append(in).append("public fun ").append(BUILD).append("(): ").append(javaClass).append(" {\n");
        sb.append(in).append("    val _b = ").append(javaClass).append(".builder()\n");
        for (Member m : fields) {
            String n = ident(memberNames.get(m));
            sb.append(in).append("    ").append(n).append("?.let { _b.").append(n).append("(it) }\n");
        }
        if (additional) {
            sb.append(in).append("    _additional.forEach { (k, v) -> _b._additionalMember(k, v) }\n");
        }
        sb.append(in).append("    return _b.build()\n").append(in).append("}\n");
        sb.append(indent).append("}\n\n");
    }

    private void unionDsl(StringBuilder sb, ObjectType union, String dslName) {
        ClassName iface = names.className(union);
        String ifaceRef = cls(iface);
        Variants variants = Objects.requireNonNull(union.variants(), union::name);
        Map<String, String> branchNames = NamePlan.branchNames(iface.simpleName(), variants.variants());
        NameScope functions = new NameScope(false, BUILD);
        Map<Variant, String> fnNames = new LinkedHashMap<>();
        for (Variant v : variants.variants()) {
            fnNames.put(v, functions.claim(JavaNames.memberName(v.name())));
        }
        String all = String.join(", ", fnNames.values());
        sb.append(doc("Builds a [" + ifaceRef + "]" + (union.isImplicit() ? "" : " (`" + union.name() + "`)") + ": call exactly one branch function ("
                + all + ").", ""));
        sb.append("@").append(imports.ref(DSL_MARKER)).append("\n");
        sb.append("public class ").append(dslName).append(" {\n");
        sb.append("    private var _value: ").append(ifaceRef).append("? = null\n\n");
        sb.append("    private fun _set(value: ").append(ifaceRef).append(") {\n")
                .append("        check(_value == null) { \"").append(kotlinString(union.name()))
                .append(": a branch is already chosen; call only one of ").append(kotlinString(all)).append("\" }\n")
                .append("        _value = value\n    }\n");
        for (Variant v : variants.variants()) {
            String fn = ident(fnNames.get(v));
            String branchDsl = imports.ref(dslPackage + "." + dslName, branchNames.get(v.name()));
            sb.append('\n').append(doc("Chooses branch `" + v.name() + "` (`" + variants.tag().name() + ": \"" + v.name() + "\"`).", "    "));
            sb.append("    public fun ").append(fn).append("(block: ").append(branchDsl).append(".() -> Unit) {\n")
                    .append("        _set(").append(branchDsl).append("().apply(block).").append(BUILD).append("())\n    }\n");
        }
        sb.append('\n').append(doc("The chosen branch as the Java value.\n\n@throws IllegalStateException when no branch was chosen", "    "));
        sb.append("    public fun ").append(BUILD).append("(): ").append(ifaceRef).append(" =\n")
                .append("        _value ?: throw IllegalStateException(\"").append(kotlinString(union.name()))
                .append(": no branch chosen; call one of ").append(kotlinString(all)).append("\")\n\n");
        for (Variant v : variants.variants()) {
            List<Member> members = branchMembers(union, v);
            String javaBranch = cls(iface.nestedClass(branchNames.get(v.name())));
            structDsl(sb, "    ", branchNames.get(v.name()), javaBranch, "branch `" + v.name() + "`",
                    union.name() + " (" + variants.tag().name() + " '" + v.name() + "')", members, NamePlan.memberNames(members), variants.tag(),
                    UnionEmitter.flattenedMember(v), false);
        }
        sb.append("}\n\n");
    }

    private void checkName(String javaName, String owner) {
        if (javaName.equals(rootSegment) || javaName.equals("_b") || javaName.equals("_additional") || javaName.equals(BUILD)) {
            throw new IllegalStateException("member " + javaName + " of " + owner + " would shadow a name the Kotlin DSL uses");
        }
    }

    // ------------------------------------------------------------------ types and text

    /** The Kotlin type of a value of {@code t} (not null; callers add {@code ?}). */
    String kotlinType(QapiType t) {
        if (t instanceof BuiltinType b) {
            return switch (b.kind()) {
                case STR, QTYPE -> "String";
                case INT, INT64, UINT32, UINT64, SIZE -> "Long";
                case INT8, INT16, INT32, UINT8, UINT16 -> "Int";
                case NUMBER -> "Double";
                case BOOL -> "Boolean";
                case ANY -> cls(Runtime.JSON_NODE);
                case NULL -> cls(Runtime.QAPI_NULL);
            };
        }
        if (t instanceof ArrayType a) {
            return "List<" + kotlinType(a.element()) + ">";
        }
        return cls(names.className(t));
    }

    /** An identifier, backticked when it is a Kotlin keyword. */
    static String ident(String name) {
        return KOTLIN_KEYWORDS.contains(name) ? "`" + name + "`" : name;
    }

    private static String summary(Command c) {
        String body = c.info().doc() == null ? "" : c.info().doc().body().strip();
        String first = body.isEmpty() ? "Command `" + c.name() + "`." : body.split("\n\\s*\n", 2)[0].strip();
        return first;
    }

    /** A KDoc block at {@code indent}; paragraphs in {@code text} are separated by blank lines. */
    private static String doc(String text, String indent) {
        StringBuilder sb = new StringBuilder(indent).append("/**\n");
        for (String line : kdoc(text).split("\n", -1)) {
            String l = line.stripTrailing();
            sb.append(indent).append(l.isEmpty() ? " *" : " * " + l).append('\n');
        }
        return sb.append(indent).append(" */\n").toString();
    }

    /** Text safe inside a KDoc comment (Kotlin comments nest, so both delimiters are broken up). */
    static String kdoc(String text) {
        return text.replace("*/", "*&#47;").replace("/*", "&#47;*");
    }

    /** Text safe inside a Kotlin string literal. */
    static String kotlinString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("\n", "\\n");
    }

    private String header(String what) {
        return "// Generated by the qmp-sdk QAPI code generator from " + schemaName.replace("\n", " ") + ": " + what + ". Do not edit.\n";
    }
}
