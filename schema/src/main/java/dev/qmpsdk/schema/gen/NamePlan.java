package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Definition;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.EnumValue;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiType;
import dev.qmpsdk.schema.model.Variant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides every Java name of one generation run up front, applying {@link JavaNames} in schema order, so
 * that emitters only look names up and clash resolution happens in exactly one place.
 */
final class NamePlan {
    static final String COMMANDS_CLASS = "QmpCommands";
    static final String EVENTS_CLASS = "QmpEvents";
    static final String INDEX_CLASS = "QapiTypes";
    static final String INTROSPECTION_CLASS = "QmpSchemaIntrospection";
    static final String UNKNOWN_BRANCH = "Unknown";
    static final String UNKNOWN_ENUM_CONSTANT = "UNKNOWN_TO_SDK_VERSION";

    private final String basePackage;
    private final NameScope topLevel = new NameScope(true, COMMANDS_CLASS, EVENTS_CLASS, INDEX_CLASS, INTROSPECTION_CLASS);
    private final Map<Object, ClassName> classNames = new IdentityHashMap<>();
    private final Map<Object, Map<String, String>> enumConstants = new IdentityHashMap<>();
    private final Map<String, String> commandConstants = new LinkedHashMap<>();
    private final Map<String, ClassName> packageInfos = new LinkedHashMap<>();

    NamePlan(QapiSchema schema, String basePackage) {
        this.basePackage = basePackage;
        // Explicit definitions claim their names first, so an implied type never renames a named one.
        for (Definition d : schema.definitions()) {
            if (d instanceof EnumType || d instanceof AlternateType || (d instanceof ObjectType o && !o.isImplicit())) {
                assign(d, JavaNames.typeName(d.name()), d.info().module());
            }
        }
        for (EnumType e : schema.implicitEnums()) {
            assign(e, JavaNames.typeName(e.name()), e.info().module());
        }
        NameScope constants = new NameScope(false, "ALL");
        for (Command c : schema.commands()) {
            if (c.arguments() != null && c.arguments().kind() == ObjectType.Kind.COMMAND_ARGUMENTS) {
                assign(c.arguments(), JavaNames.typeName(c.name()) + "Arguments", c.info().module());
            }
            commandConstants.put(c.name(), constants.claim(JavaNames.constantName(c.name())));
        }
        for (Event e : schema.events()) {
            assign(e, JavaNames.typeName(e.name().toLowerCase(java.util.Locale.ROOT)) + "Event", e.info().module());
        }
        for (ObjectType o : schema.implicitObjectTypes()) {
            if (o.kind() == ObjectType.Kind.NESTED) {
                assign(o, JavaNames.typeName(Objects.requireNonNull(o.owner())) + JavaNames.typeName(Objects.requireNonNull(o.ownerPart())),
                        o.info().module());
            }
        }
    }

    private void assign(Object key, String wanted, String module) {
        String pkg = packageFor(module);
        classNames.put(key, ClassName.get(pkg, topLevel.claim(wanted)));
    }

    String packageFor(String module) {
        String pkg = basePackage + "." + JavaNames.packageSegment(module);
        packageInfos.putIfAbsent(pkg, ClassName.get(pkg, "package-info"));
        return pkg;
    }

    /** Every package that receives generated types. */
    List<String> packages() {
        return new ArrayList<>(packageInfos.keySet());
    }

    String basePackage() {
        return basePackage;
    }

    /** The class of a top-level generated type (enum, struct, union, alternate, arguments, nested struct). */
    ClassName className(QapiType type) {
        ClassName name = classNames.get(type);
        if (name == null) {
            throw new IllegalStateException("no Java class planned for " + type);
        }
        return name;
    }

    ClassName eventClass(Event event) {
        return Objects.requireNonNull(classNames.get(event), event::name);
    }

    ClassName commandsClass() {
        return ClassName.get(basePackage, COMMANDS_CLASS);
    }

    ClassName eventsClass() {
        return ClassName.get(basePackage, EVENTS_CLASS);
    }

    ClassName indexClass() {
        return ClassName.get(basePackage, INDEX_CLASS);
    }

    ClassName introspectionClass() {
        return ClassName.get(basePackage, INTROSPECTION_CLASS);
    }

    String commandConstant(Command c) {
        return Objects.requireNonNull(commandConstants.get(c.name()));
    }

    /** Constant names of an enum's values, wire name to Java name, in schema order. */
    Map<String, String> enumConstants(EnumType e) {
        return enumConstants.computeIfAbsent(e, k -> {
            NameScope scope = new NameScope(false, UNKNOWN_ENUM_CONSTANT);
            Map<String, String> out = new LinkedHashMap<>();
            for (EnumValue v : e.values()) {
                out.put(v.name(), scope.claim(JavaNames.constantName(v.name())));
            }
            return out;
        });
    }

    /** Accessor names for members, in order; {@code reserved} are names the enclosing class already uses. */
    static Map<Member, String> memberNames(List<Member> members, String... reserved) {
        NameScope scope = new NameScope(false, reserved);
        Map<Member, String> out = new LinkedHashMap<>();
        for (Member m : members) {
            out.put(m, scope.claim(JavaNames.memberName(m.name())));
        }
        return out;
    }

    /**
     * Names of the {@code hasX()} methods of required members (whether a decoded value's member arrived), claimed
     * after every accessor in {@code accessorNames} and every name in {@code alsoTaken}, so that no schema member
     * ever loses its name to one and none collides (rule 6 of {@link JavaNames}). {@code preassigned} members keep
     * the name given there: a union branch's base members answer to the names its interface declares.
     */
    static Map<Member, String> presenceNames(List<Member> required, Map<Member, String> accessorNames,
            Map<Member, String> preassigned, Collection<String> alsoTaken) {
        List<String> taken = new ArrayList<>(accessorNames.values());
        taken.addAll(alsoTaken);
        taken.addAll(preassigned.values());
        NameScope scope = new NameScope(false, taken.toArray(String[]::new));
        Map<Member, String> out = new LinkedHashMap<>();
        for (Member m : required) {
            String fixed = preassigned.get(m);
            out.put(m, fixed != null ? fixed : scope.claim(JavaNames.presenceName(m.name())));
        }
        return out;
    }

    /** Nested class names for union branches or alternatives; {@code Unknown} and the owner's name are taken. */
    static Map<String, String> branchNames(String ownerSimpleName, List<Variant> variants) {
        NameScope scope = new NameScope(true, ownerSimpleName, UNKNOWN_BRANCH, "Base", "Builder");
        Map<String, String> out = new HashMap<>();
        for (Variant v : variants) {
            out.put(v.name(), scope.claim(JavaNames.typeName(v.name())));
        }
        return out;
    }
}
