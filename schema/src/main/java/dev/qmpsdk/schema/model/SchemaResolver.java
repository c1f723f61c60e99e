package dev.qmpsdk.schema.model;

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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns declarations (names still unresolved) into the linked, immutable {@link QapiSchema}.
 *
 * <p>Steps: drop identical re-declarations and reject different ones; create every named type as a shell
 * so that types may refer to each other in any order and to themselves; create the simple-union tag enums;
 * then complete each definition in source order, creating implicit object types on the way (command
 * arguments, event data, inline union bases, simple-union branch wrappers, 1.x nested structs) and checking
 * what QEMU checks (unknown types, discriminators, branches, member clashes, alternate ambiguity).
 *
 * <p>Simple-union branch wrappers are shared, as in QEMU: every branch of type {@code T} in every union
 * uses the one {@code q_obj_T-wrapper}. Its {@link ObjectType#owner()} and {@link ObjectType#ownerPart()}
 * are the union and branch that first needed it (in source order), and it carries no {@code if}
 * condition since it may serve unions with different ones; a branch's own name and condition are on its
 * {@link Variant}.
 *
 * <pre>{@code
 * QapiSchema schema = SchemaResolver.resolve(declarations, Map.of(), List.of("qapi-schema.json"), List.of());
 * }</pre>
 */
public final class SchemaResolver {
    private final TypeTable types = new TypeTable();
    private final List<Declaration> declarations = new ArrayList<>();
    private final Map<ObjectType, Declaration> objectDeclarations = new IdentityHashMap<>();
    private final Set<ObjectType> completed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<ObjectType> completing = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Definition> definitions = new LinkedHashMap<>();

    private SchemaResolver() {}

    /**
     * Resolves declarations, given in source order (include order, each module once).
     *
     * @throws QapiSchemaException for an unknown type, a bad discriminator or branch, a clash, or a name
     *     declared twice differently; the message starts with the location
     */
    public static QapiSchema resolve(
            List<Declaration> declarations,
            Map<String, Object> pragmas,
            List<String> modules,
            List<SchemaWarning> warnings) {
        SchemaResolver resolver = new SchemaResolver();
        resolver.keepFirstOfEach(declarations);
        resolver.createShells();
        resolver.completeAll();
        return new QapiSchema(List.copyOf(resolver.definitions.values()), resolver.types.asMap(), pragmas, modules, warnings);
    }

    /** One namespace for types, commands and events, as in QEMU. */
    private void keepFirstOfEach(List<Declaration> all) {
        Map<String, Declaration> byName = new HashMap<>();
        for (Declaration declaration : all) {
            if (Builtin.byQapiName(declaration.name()) != null) {
                throw new QapiSchemaException(declaration.info().location(),
                        "'" + declaration.name() + "' is a built-in type and cannot be redefined");
            }
            Declaration first = byName.putIfAbsent(declaration.name(), declaration);
            if (first == null) {
                declarations.add(declaration);
            } else if (!first.source().equals(declaration.source())) {
                throw new QapiSchemaException(declaration.info().location(), "'" + declaration.name()
                        + "' is already defined differently at " + first.info().location());
            }
            // an identical repeat is the same module text inlined twice: nothing new
        }
    }

    private void createShells() {
        for (Declaration declaration : declarations) {
            DefinitionInfo info = declaration.info();
            if (declaration instanceof EnumDecl e) {
                types.add(enumType(e), info.location(), "defined here");
            } else if (declaration instanceof StructDecl s) {
                shell(s, ObjectType.Kind.STRUCT);
            } else if (declaration instanceof UnionDecl u) {
                shell(u, u.discriminator() == null ? ObjectType.Kind.SIMPLE_UNION : ObjectType.Kind.FLAT_UNION);
            } else if (declaration instanceof AlternateDecl a) {
                types.add(new AlternateType(a.name(), info), info.location(), "defined here");
            }
            // commands and events are not types: they are built when completing
        }
        // after all explicit names, so that a clash names the union that implies the enum
        for (Declaration declaration : declarations) {
            if (declaration instanceof UnionDecl u && u.discriminator() == null) {
                types.add(simpleUnionKind(u), u.info().location(), "tag enum of simple union '" + u.name() + "'");
            }
        }
    }

    private void shell(Declaration declaration, ObjectType.Kind kind) {
        ObjectType type = new ObjectType(declaration.name(), declaration.info(), kind, null, null);
        types.add(type, declaration.info().location(), "defined here");
        objectDeclarations.put(type, declaration);
    }

    private EnumType enumType(EnumDecl declaration) {
        Set<String> seen = new HashSet<>();
        List<EnumValue> values = new ArrayList<>();
        for (EnumValueDecl value : declaration.values()) {
            if (!seen.add(value.name())) {
                throw new QapiSchemaException(value.location(),
                        "enum '" + declaration.name() + "' has value '" + value.name() + "' twice");
            }
            values.add(new EnumValue(value.name(), value.ifCond(), value.features(),
                    describe(declaration.info().doc(), value.name())));
        }
        return new EnumType(declaration.name(), declaration.info(), values, declaration.prefix(), false);
    }

    private EnumType simpleUnionKind(UnionDecl union) {
        List<EnumValue> values = new ArrayList<>();
        for (BranchDecl branch : union.branches()) {
            values.add(new EnumValue(branch.name(), branch.ifCond(), List.of(), describe(union.info().doc(), branch.name())));
        }
        return new EnumType(ImplicitNames.simpleUnionKind(union.name()),
                implicitInfo(union.info(), union.info().location()), values, null, true);
    }

    private void completeAll() {
        for (Declaration declaration : declarations) {
            Definition definition;
            if (declaration instanceof CommandDecl c) {
                definition = command(c);
            } else if (declaration instanceof EventDecl e) {
                definition = event(e);
            } else if (declaration instanceof AlternateDecl a) {
                definition = completeAlternate(a);
            } else {
                QapiType type = types.find(declaration.name());
                definition = type instanceof ObjectType object ? complete(object) : (EnumType) type;
            }
            definitions.put(definition.name(), definition);
        }
    }

    /** Completes a named object type, its base first; safe to call again. */
    private ObjectType complete(ObjectType type) {
        if (completed.contains(type)) {
            return type;
        }
        Declaration declaration = objectDeclarations.get(type);
        if (!completing.add(type)) {
            throw new QapiSchemaException(declaration.info().location(),
                    "'" + type.name() + "' contains itself through its base or union branches");
        }
        if (declaration instanceof StructDecl struct) {
            completeStruct(type, struct);
        } else {
            new UnionResolver(this, type, (UnionDecl) declaration).complete();
        }
        completing.remove(type);
        completed.add(type);
        return type;
    }

    private void completeStruct(ObjectType type, StructDecl struct) {
        String role = "struct '" + struct.name() + "'";
        ObjectType base = struct.base() == null ? null : namedBase(struct.base(), role);
        List<Member> locals = members(struct.members(), new MemberScope(struct.name(), struct.info().doc(), "", role));
        checkNoClash(base, locals, role);
        type.complete(base, locals, null);
    }

    private AlternateType completeAlternate(AlternateDecl alternate) {
        AlternateType type = (AlternateType) types.find(alternate.name());
        String role = "alternate '" + alternate.name() + "'";
        Map<JsonKind, BranchDecl> byKind = new EnumMap<>(JsonKind.class);
        List<Variant> alternatives = new ArrayList<>();
        for (BranchDecl branch : alternate.branches()) {
            QapiType branchType = resolve(branch.type(), "branch '" + branch.name() + "' of " + role);
            JsonKind kind = JsonKind.of(branchType);
            if (kind == null) {
                throw new QapiSchemaException(branch.location(), "branch '" + branch.name() + "' of " + role
                        + " cannot be " + branchType + ": its JSON type is not distinct");
            }
            BranchDecl other = byKind.putIfAbsent(kind, branch);
            if (other != null) {
                throw new QapiSchemaException(branch.location(), "branches '" + other.name() + "' and '" + branch.name()
                        + "' of " + role + " are both JSON " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + ", so the wire cannot tell them apart");
            }
            alternatives.add(new Variant(branch.name(), branchType, branch.ifCond(), branch.location()));
        }
        type.complete(alternatives);
        return type;
    }

    private Command command(CommandDecl command) {
        String role = "command '" + command.name() + "'";
        ObjectType arguments = argumentType(command.name(), command.info(), command.data(), command.boxed(),
                ObjectType.Kind.COMMAND_ARGUMENTS, role);
        QapiType returns = null;
        if (command.returns() instanceof TypeRef.Inline inline) {
            returns = nested(inline, new MemberScope(command.name(), command.info().doc(), "", role), "returns", command.info());
        } else if (command.returns() != null) {
            returns = resolve(command.returns(), "'returns' of " + role);
        }
        return new Command(command.name(), command.info(), arguments, command.boxed(), returns, command.gen(),
                command.successResponse(), command.allowOob(), command.allowPreconfig(), command.coroutine());
    }

    private Event event(EventDecl event) {
        String role = "event '" + event.name() + "'";
        ObjectType data = argumentType(event.name(), event.info(), event.data(), event.boxed(), ObjectType.Kind.EVENT_DATA, role);
        return new Event(event.name(), event.info(), data, event.boxed());
    }

    /** Command arguments or event data: implicit from a dict, or a named object type (whole if boxed). */
    private @Nullable ObjectType argumentType(
            String owner, DefinitionInfo info, @Nullable TypeRef data, boolean boxed, ObjectType.Kind kind, String role) {
        if (data == null) {
            if (boxed) {
                throw new QapiSchemaException(info.location(), role + " is 'boxed' but has no 'data'");
            }
            return null;
        }
        if (data instanceof TypeRef.Inline inline) {
            if (boxed) {
                throw new QapiSchemaException(inline.location(), role + " is 'boxed', so its 'data' must name an object type");
            }
            if (inline.members().isEmpty()) {
                return null; // QEMU creates no type for 'data': {}
            }
            ObjectType type = types.add(new ObjectType(ImplicitNames.arguments(owner), implicitInfo(info, inline.location()),
                    kind, owner, null), inline.location(), "implicit type of " + role);
            type.complete(null, members(inline.members(), new MemberScope(owner, info.doc(), "", role)), null);
            return type;
        }
        TypeRef.Named named = (TypeRef.Named) data;
        QapiType type = types.require(named.name(), named.location(), "'data' of " + role);
        if (!(type instanceof ObjectType object) || (object.isUnion() && !boxed)) {
            throw new QapiSchemaException(named.location(), "'data' of " + role + " must be "
                    + (boxed ? "an object type" : "a struct (or the command 'boxed')") + ", not " + type);
        }
        return complete(object);
    }

    /** A base written as a name: must be a struct, completed before use. */
    ObjectType namedBase(TypeRef.Named base, String role) {
        QapiType type = types.require(base.name(), base.location(), "'base' of " + role);
        if (!(type instanceof ObjectType object) || object.isUnion()) {
            throw new QapiSchemaException(base.location(), "'base' of " + role + " must be a struct, not " + type);
        }
        return complete(object);
    }

    /** Fails when a local member has the name of an inherited one. */
    static void checkNoClash(@Nullable ObjectType base, List<Member> locals, String role) {
        if (base == null) {
            return;
        }
        Set<String> inherited = new HashSet<>();
        base.members().forEach(m -> inherited.add(m.name()));
        for (Member member : locals) {
            if (inherited.contains(member.name())) {
                throw new QapiSchemaException(member.location(), "member '" + member.name() + "' of " + role
                        + " clashes with the member of the same name in base '" + base.name() + "'");
            }
        }
    }

    /** What members are resolved for: who owns nested types, where docs come from, how messages name it. */
    record MemberScope(String owner, @Nullable Doc doc, String pathPrefix, String role) {}

    List<Member> members(List<MemberDecl> declared, MemberScope scope) {
        Set<String> names = new HashSet<>();
        List<Member> out = new ArrayList<>();
        for (MemberDecl member : declared) {
            if (!names.add(member.name())) {
                throw new QapiSchemaException(member.location(), "member '" + member.name() + "' of " + scope.role() + " is declared twice");
            }
            String path = scope.pathPrefix() + member.name();
            QapiType type = member.type() instanceof TypeRef.Inline inline
                    ? nested(inline, scope, path, null)
                    : resolve(member.type(), "member '" + member.name() + "' of " + scope.role());
            out.add(new Member(member.name(), type, member.optional(), member.ifCond(), member.features(),
                    member.location(), describe(scope.doc(), path)));
        }
        return out;
    }

    /** A 1.x anonymous struct in place of a type: becomes {@code q_obj_<owner>-<path>-nested}. */
    private ObjectType nested(TypeRef.Inline inline, MemberScope scope, String path, @Nullable DefinitionInfo ownerInfo) {
        DefinitionInfo owner = ownerInfo != null ? ownerInfo : ownerInfo(scope.owner(), inline.location());
        ObjectType type = types.add(new ObjectType(ImplicitNames.nested(scope.owner(), path), implicitInfo(owner, inline.location()),
                ObjectType.Kind.NESTED, scope.owner(), path), inline.location(), "nested struct '" + path + "' of " + scope.role());
        type.complete(null, members(inline.members(), new MemberScope(scope.owner(), scope.doc(), path + ".", scope.role())), null);
        return type;
    }

    private DefinitionInfo ownerInfo(String owner, SourceLocation fallback) {
        for (Declaration declaration : declarations) {
            if (declaration.name().equals(owner)) {
                return declaration.info();
            }
        }
        return new DefinitionInfo(fallback, fallback.file(), null, null, null, List.of());
    }

    /** A type reference: a name or an array of a name (inline dicts are handled by their callers). */
    QapiType resolve(TypeRef ref, String referrer) {
        if (ref instanceof TypeRef.Named named) {
            return types.require(named.name(), named.location(), referrer);
        }
        if (ref instanceof TypeRef.ArrayOf array) {
            return new ArrayType(types.require(array.element().name(), array.element().location(), referrer));
        }
        throw new QapiSchemaException(ref.location(), "an anonymous dict is not allowed as the type of " + referrer);
    }

    /** The implicit type for an inline flat-union base dict. */
    ObjectType inlineBase(UnionDecl union, TypeRef.Inline inline, String role) {
        ObjectType base = types.add(new ObjectType(ImplicitNames.unionBase(union.name()), implicitInfo(union.info(), inline.location()),
                ObjectType.Kind.UNION_BASE, union.name(), null), inline.location(), "inline base of " + role);
        base.complete(null, members(inline.members(), new MemberScope(union.name(), union.info().doc(), "", role)), null);
        return base;
    }

    /** The shared {@code q_obj_<T>-wrapper} for a simple-union branch of type T (see the class doc). */
    ObjectType wrapper(QapiType branchType, UnionDecl union, BranchDecl branch) {
        String name = ImplicitNames.wrapper(branchType);
        if (types.find(name) instanceof ObjectType existing && existing.kind() == ObjectType.Kind.BRANCH_WRAPPER) {
            return existing;
        }
        DefinitionInfo info = new DefinitionInfo(branch.location(), union.info().module(), union.info().section(), null, null, List.of());
        ObjectType wrapper = types.add(new ObjectType(name, info, ObjectType.Kind.BRANCH_WRAPPER, union.name(), branch.name()),
                branch.location(), "wrapper of branch '" + branch.name() + "' of union '" + union.name() + "'");
        wrapper.complete(null, List.of(new Member("data", branchType, false, null, List.of(), branch.location(), null)), null);
        return wrapper;
    }

    ObjectType completeBranch(ObjectType type) {
        return objectDeclarations.containsKey(type) ? complete(type) : type;
    }

    EnumType simpleUnionKindOf(UnionDecl union) {
        return (EnumType) types.find(ImplicitNames.simpleUnionKind(union.name()));
    }

    /** Implicit types live where their owner does and exist under the same condition. */
    private static DefinitionInfo implicitInfo(DefinitionInfo owner, SourceLocation location) {
        return new DefinitionInfo(location, owner.module(), owner.section(), null, owner.ifCond(), List.of());
    }

    private static @Nullable String describe(@Nullable Doc doc, String name) {
        return doc == null ? null : doc.members().get(name);
    }
}
