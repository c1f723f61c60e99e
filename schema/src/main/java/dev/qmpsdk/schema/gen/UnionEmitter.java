package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.Variant;
import dev.qmpsdk.schema.model.Variants;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * Emits a union (flat or simple) as a sealed interface with one nested final class per branch and an
 * {@code Unknown} class. A simple union is treated as what it is on the wire: a flat union whose base is
 * {@code {"type": <Kind>}} and whose branches are {@code {"data": T}} wrappers.
 *
 * <p>The interface declares the base members (the discriminator among them); each branch class implements
 * them, returning a constant for the discriminator. {@code Unknown} holds the raw object for a discriminator
 * value that has no branch (a value of a newer server, or one the schema gives no members of its own), with
 * the base members decoded from it, and re-encodes the raw object unchanged.
 */
final class UnionEmitter {
    private final NamePlan names;
    private final TypeMapper types;

    UnionEmitter(NamePlan names, TypeMapper types) {
        this.names = names;
        this.types = types;
    }

    JavaFile emit(ObjectType union, String javadoc, String origin) {
        ClassName iface = names.className(union);
        Variants variants = Objects.requireNonNull(union.variants(), union::name);
        Member tag = variants.tag();
        EnumType tagEnum = (EnumType) tag.type();
        List<Member> baseMembers = union.members();
        Map<Member, String> baseNames = NamePlan.memberNames(baseMembers);
        Map<String, String> branchNames = NamePlan.branchNames(iface.simpleName(), variants.variants());
        ClassName unknown = iface.nestedClass(NamePlan.UNKNOWN_BRANCH);
        ClassName base = iface.nestedClass("Base");

        TypeSpec.Builder type = TypeSpec.interfaceBuilder(iface).addModifiers(Modifier.PUBLIC, Modifier.SEALED)
                .addSuperinterface(Runtime.QAPI_VALUE)
                .addJavadoc("$L", javadoc + "\n<p>Discriminated by {@code " + tag.name() + "}; one nested class per branch, "
                        + "and {@link " + NamePlan.UNKNOWN_BRANCH + "} for values without one.\n");
        if (union.info().isDeprecated()) {
            type.addAnnotation(Deprecated.class);
        }

        Map<Member, String> basePresence = basePresenceNames(variants, baseMembers, baseNames, tag);
        MembersCode baseCode = new MembersCode(types, union.name(), base, baseMembers, baseNames, null, null).withPresenceNames(basePresence);
        for (Member m : baseMembers) {
            MethodSpec.Builder get = MethodSpec.methodBuilder(baseNames.get(m)).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                    .returns(baseCode.accessorType(m)).addJavadoc("$L", Javadocs.forMember(m.doc()) + Javadocs.availability(m.ifCond(), m.features()) + "<p>Wire name {@code " + m.name() + "}.\n");
            type.addMethod(get.build());
            if (basePresence.containsKey(m)) {
                type.addMethod(baseCode.presenceMethod(m, Modifier.PUBLIC, Modifier.ABSTRACT).build());
            }
        }

        // Branches in schema order; discriminator values without a branch of their own go to Unknown.
        Set<String> withBranch = new LinkedHashSet<>();
        for (Variant v : variants.variants()) {
            withBranch.add(v.name());
            type.addPermittedSubclass(iface.nestedClass(branchNames.get(v.name())));
            type.addType(branch(union, iface, v, branchNames.get(v.name()), tag, tagEnum, baseMembers, basePresence));
        }
        type.addPermittedSubclass(unknown);
        type.addType(baseClass(union, base, baseCode));
        List<Member> localMembers = new ArrayList<>(baseMembers);
        localMembers.remove(tag);
        BaseLocals locals = new BaseLocals(localMembers, baseCode);
        type.addType(unknownClass(union, iface, unknown, base, baseMembers, baseNames, baseCode, tag.name(), locals));
        Map<String, String> onlyIn = membersOfOneBranch(variants.variants());
        type.addMethod(readMethod(union, iface, tag, tagEnum, variants, withBranch, unknown, locals, onlyIn));
        type.addMethod(readBranchMethod(iface, variants.variants(), branchNames, baseMembers, locals));
        if (!onlyIn.isEmpty()) {
            type.addMethod(branchOnlyWithMethod(onlyIn));
        }
        return GeneratedFile.of(iface.packageName(), type.build(), origin);
    }

    /**
     * The {@code hasX()} names of the required base members other than the discriminator (which every value has),
     * chosen clear of every branch's accessors, because each branch implements them under the same name.
     */
    private static Map<Member, String> basePresenceNames(Variants variants, List<Member> baseMembers, Map<Member, String> baseNames,
            Member tag) {
        List<String> taken = new ArrayList<>();
        for (Variant v : variants.variants()) {
            taken.addAll(NamePlan.memberNames(branchMembers(v, baseMembers, flattenedMember(v))).values());
        }
        List<Member> required = baseMembers.stream().filter(m -> !m.optional() && m != tag).toList();
        return NamePlan.presenceNames(required, baseNames, Map.of(), taken);
    }

    private TypeSpec branch(ObjectType union, ClassName iface, Variant v, String simpleName, Member tag, EnumType tagEnum,
            List<Member> baseMembers, Map<Member, String> basePresence) {
        ClassName cls = iface.nestedClass(simpleName);
        ObjectType branchType = (ObjectType) v.type();
        Member flattened = flattenedMember(v);
        List<Member> all = branchMembers(v, baseMembers, flattened);
        Map<Member, String> memberNames = NamePlan.memberNames(all);
        CodeBlock constant = CodeBlock.of("$T.$L", names.className(tagEnum), names.enumConstants(tagEnum).get(v.name()));
        MembersCode code = new MembersCode(types, union.name() + " (" + tag.name() + " '" + v.name() + "')", cls, all,
                memberNames, tag, constant, union.name(), v.name(), flattened).withPresenceNames(basePresence);
        String branchRef = iface.simpleName() + "." + simpleName;
        ClassName dataClass = flattened != null ? names.className(branchType) : ClassName.OBJECT;
        String dataRef = dataClass.simpleName().equals(simpleName) ? dataClass.canonicalName() : dataClass.simpleName();
        String doc = flattened != null
                ? "The {@code " + v.name() + "} branch ({@code " + tag.name() + ": \"" + v.name() + "\"}): the base members, and the\n"
                        + "members of {@link " + dataClass.canonicalName() + "} as {@link #" + memberNames.get(flattened) + "()}; on the\n"
                        + "wire they are all members of one JSON object.\n"
                        + "\n<pre>{@code\n" + branchRef + " value = " + branchRef + ".of(b -> b." + memberNames.get(flattened) + "(d -> d...));\n"
                        + dataRef + " members = value." + memberNames.get(flattened) + "();\n}</pre>\n"
                : branchType.kind() == ObjectType.Kind.BRANCH_WRAPPER
                ? "The {@code " + v.name() + "} branch: {@code {\"" + tag.name() + "\": \"" + v.name() + "\", \"data\": ...}}.\n"
                : "The {@code " + v.name() + "} branch ({@code " + tag.name() + ": \"" + v.name() + "\"}), with the members of "
                        + "{@code " + branchType.name() + "}.\n";
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(iface).addJavadoc("$L", doc + Javadocs.availability(v.ifCond(), List.of()));
        type.addMethod(MethodSpec.methodBuilder(memberNames.get(tag)).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(names.className(tagEnum)).addStatement("return $L", constant).build());
        StructEmitter.addValueClassBody(type, cls, code, true);
        if (flattened != null && baseMembers.stream().allMatch(m -> m == tag || m.optional())) {
            ClassName data = names.className(branchType);
            String n = memberNames.get(flattened);
            type.addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                    .addParameter(data, n)
                    .addJavadoc("This branch with the members of {@code $L} and no optional base member: {@code $T.of($T.of(d -> d...))}.\n",
                            n, cls, data)
                    .addStatement("return builder().$L($L).build()", n, n).build());
        }
        // Base accessors implemented by the generated ones need @Override only for clarity; javac accepts them as is.
        return type.build();
    }

    /** The name of a branch's member that holds the struct or union the branch is made of. */
    static final String DATA = "data";

    /**
     * A branch made of a named struct or of another union keeps that type as one value, {@value #DATA}, whose
     * members sit beside the base members on the wire (so the struct's members are written once, in its own
     * class); this is the member holding it, or null for a branch whose members are its own (a simple union's
     * {@code {"data": T}} wrapper, whose {@code data} is a real wire member).
     */
    static @Nullable Member flattenedMember(Variant v) {
        ObjectType branchType = (ObjectType) v.type();
        if (!branchType.isUnion() && branchType.kind() != ObjectType.Kind.STRUCT) {
            return null;
        }
        return new Member(DATA, branchType, false, null, List.of(), v.location(),
                "The members of branch '" + v.name() + "' as one " + branchType.name() + " value.");
    }

    /** The named structs some union branch embeds (see {@link #flattenedMember}), for {@link StructEmitter}. */
    static Set<ObjectType> embeddedStructs(QapiSchema schema) {
        Set<ObjectType> out = new HashSet<>();
        for (ObjectType union : schema.unions()) {
            for (Variant v : Objects.requireNonNull(union.variants(), union::name).variants()) {
                Member m = flattenedMember(v);
                if (m != null && !((ObjectType) m.type()).isUnion()) {
                    out.add((ObjectType) m.type());
                }
            }
        }
        return out;
    }

    /** A branch class's members: the base's, then the branch's own or {@code flattened} (see {@link #flattenedMember}). */
    static List<Member> branchMembers(Variant v, List<Member> baseMembers, @Nullable Member flattened) {
        List<Member> all = new ArrayList<>(baseMembers);
        if (flattened != null) {
            all.add(flattened);
        } else {
            all.addAll(((ObjectType) v.type()).members());
        }
        return all;
    }

    private TypeSpec baseClass(ObjectType union, ClassName base, MembersCode baseCode) {
        TypeSpec.Builder type = TypeSpec.classBuilder(base).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(Runtime.QAPI_VALUE)
                .addJavadoc("The members every branch of {@link $T} has (its base), as a value of their own.\n", names.className(union));
        StructEmitter.addValueClassBody(type, base, baseCode, false);
        return type.build();
    }

    private TypeSpec unknownClass(ObjectType union, ClassName iface, ClassName unknown, ClassName base, List<Member> baseMembers,
            Map<Member, String> baseNames, MembersCode baseCode, String tagName, BaseLocals locals) {
        TypeSpec.Builder type = TypeSpec.classBuilder(unknown).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(iface)
                .addJavadoc("A value whose discriminator has no branch here: the raw object, kept and re-encoded as sent, "
                        + "with the base members decoded.\n");
        type.addField(FieldSpec.builder(base, "base", Modifier.PRIVATE, Modifier.FINAL).build());
        type.addField(FieldSpec.builder(Runtime.OBJECT_NODE, "raw", Modifier.PRIVATE, Modifier.FINAL).build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(base, "base").addParameter(Runtime.OBJECT_NODE, "raw")
                .addStatement("this.base = base").addStatement("this.raw = raw").build());
        type.addMethod(MethodSpec.methodBuilder("_of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(unknown)
                .addParameter(Runtime.OBJECT_NODE, "raw").addException(IOException.class)
                .addJavadoc("Wraps a raw object (tests and fakes use this to send values of a newer schema).\n")
                .addStatement("return _read(raw.deepCopy(), $T.of(false, $S))", Runtime.DECODE_CONTEXT, union.name()).build());
        MethodSpec.Builder readRest = MethodSpec.methodBuilder("_readRest").addModifiers(Modifier.STATIC).returns(unknown)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(TypeMapper.annotateNullable(Runtime.BUFFERED_MEMBERS), "held").addParameter(String.class, "tag")
                .addException(IOException.class)
                .addJavadoc("Reads the rest of the object ({@code p} is on the discriminator's value) and keeps all of it raw: the\n"
                        + "base members the union has decoded (written back first), those it held, then the others in order.\n");
        locals.addParameters(readRest);
        readRest.addStatement("$T known = $T.empty()", Runtime.BUFFERED_MEMBERS, Runtime.BUFFERED_MEMBERS);
        for (Member m : locals.members()) {
            String var = BaseLocals.variable(m, baseCode);
            readRest.beginControlFlow("if ($L != null)", var)
                    .addStatement("$T g = known.member($S)", Runtime.JSON_GENERATOR, m.name())
                    .addStatement("$L", baseCode.write(m, var))
                    .endControlFlow();
        }
        readRest.addStatement("$T raw = $T.wholeObject(known, held, $S, tag, p)", Runtime.OBJECT_NODE, Runtime.BUFFERED_MEMBERS, tagName)
                .addStatement("return _read(raw, ctx.belowClosedObject(p))");
        type.addMethod(readRest.build());
        type.addMethod(MethodSpec.methodBuilder("_read").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(unknown)
                .addParameter(Runtime.OBJECT_NODE, "raw").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addJavadoc("Wraps {@code raw}, which it takes over; {@code ctx} names where the object is.\n")
                .beginControlFlow("try ($T p = $T.TREE_MAPPER.treeAsTokens(raw))", Runtime.JSON_PARSER, Runtime.QAPI_JSON)
                .addStatement("p.nextToken()")
                .addStatement("return new $T($T._read(p, ctx.tolerant()), raw)", unknown, base)
                .endControlFlow().build());
        for (Member m : baseMembers) {
            type.addMethod(MethodSpec.methodBuilder(baseNames.get(m)).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .returns(baseCode.accessorType(m)).addStatement("return base.$L()", baseNames.get(m)).build());
            if (m.name().equals(tagName) || m.optional()) {
                continue;
            }
            String has = baseCode.presenceName(m);
            type.addMethod(MethodSpec.methodBuilder(has).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN).addStatement("return base.$L()", has).build());
        }
        type.addMethod(MethodSpec.methodBuilder("_base").addModifiers(Modifier.PUBLIC).returns(base)
                .addJavadoc("The base members as a value.\n").addStatement("return base").build());
        type.addMethod(MethodSpec.methodBuilder("_raw").addModifiers(Modifier.PUBLIC).returns(Runtime.OBJECT_NODE)
                .addJavadoc("The object as sent (a copy).\n").addStatement("return raw.deepCopy()").build());
        type.addMethod(MethodSpec.methodBuilder("_writeJson").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.JSON_GENERATOR, "g").addException(IOException.class)
                .addStatement("$T.writeAny(g, raw)", Runtime.QAPI_JSON).build());
        type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addParameter(TypeMapper.annotateNullable(ClassName.OBJECT), "o")
                .addStatement("return o instanceof $T other && raw.equals(other.raw)", unknown).build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT).addStatement("return raw.hashCode()").build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return $S + raw + $S", iface.simpleName() + "." + NamePlan.UNKNOWN_BRANCH + "{", "}").build());
        return type.build();
    }

    /**
     * What {@code _read} knows about the union while reading: its base members other than the discriminator,
     * which it decodes into local variables whatever the branch, and the variable names for them.
     */
    private record BaseLocals(List<Member> members, MembersCode code) {
        static String variable(Member m, MembersCode code) {
            String n = code.name(m);
            return "base" + Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }

        void addParameters(MethodSpec.Builder method) {
            for (Member m : members) {
                method.addParameter(code.readingType(m), variable(m, code));
            }
        }

        String arguments() {
            StringBuilder out = new StringBuilder();
            for (Member m : members) {
                out.append(", ").append(variable(m, code));
            }
            return out.toString();
        }
    }

    /**
     * {@code _read}: one streaming pass over the object. Base members go into local variables. The branch is
     * chosen, without buffering, as soon as one of these tells it: the discriminator; a look ahead for it in
     * the bytes when the parser reads bytes (at the first member that is not the base's); in strict mode, a
     * member only one branch has (verified when the discriminator comes; in tolerant mode a newer server may
     * have added that name to another branch, so it decides nothing). Only a branch's member that comes
     * before all of these is buffered, and then only that member.
     */
    private MethodSpec readMethod(ObjectType union, ClassName iface, Member tag, EnumType tagEnum, Variants variants,
            Set<String> withBranch, ClassName unknown, BaseLocals base, Map<String, String> onlyIn) {
        MethodSpec.Builder read = MethodSpec.methodBuilder("_read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(iface)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addJavadoc("Reads a value, choosing the branch by {@code $L}; the parser is on its START_OBJECT.\n", tag.name());
        read.addStatement("$T.expectObject(p, ctx, $S)", Runtime.QAPI_JSON, union.name());
        for (Member m : base.members()) {
            read.addStatement("$T $L = null", base.code().readingType(m), BaseLocals.variable(m, base.code()));
        }
        read.addStatement("$T held = null", TypeMapper.annotateNullable(Runtime.BUFFERED_MEMBERS));
        read.addStatement("boolean lookedAhead = false");
        read.addStatement("$T ahead = null", TypeMapper.annotateNullable(ClassName.get(String.class)));
        read.beginControlFlow("while (p.nextToken() == $T.FIELD_NAME)", Runtime.JSON_TOKEN);
        read.addStatement("String member = p.currentName()");
        read.addStatement("p.nextToken()");
        read.beginControlFlow("switch (member)");
        for (Member m : base.members()) {
            read.addCode(base.code().readCase(m, BaseLocals.variable(m, base.code()), false));
        }
        read.addCode("case $S -> {\n$>", tag.name());
        read.addStatement("String tag = $T.readDiscriminator(p, ctx, $S, $S)", Runtime.QAPI_JSON, union.name(), tag.name());
        read.addStatement("$T value = _readBranch(tag, p, ctx, held, null, null$L)", TypeMapper.annotateNullable(iface), base.arguments());
        read.beginControlFlow("if (value != null)").addStatement("return value").endControlFlow();
        List<String> withoutBranch = new ArrayList<>();
        for (var value : tagEnum.values()) {
            if (!withBranch.contains(value.name())) {
                withoutBranch.add(value.name());
            }
        }
        if (withoutBranch.isEmpty()) {
            read.addStatement("ctx.unknownBranch(p, $S, tag)", union.name());
        } else {
            // A value of the enum that has no branch of its own is not unknown: kept raw without complaint.
            CodeBlock known = withoutBranch.stream().map(v -> CodeBlock.of("!tag.equals($S)", v)).collect(CodeBlock.joining(" && "));
            read.beginControlFlow("if ($L)", known).addStatement("ctx.unknownBranch(p, $S, tag)", union.name()).endControlFlow();
        }
        read.addStatement("return $T._readRest(p, ctx, held, tag$L)", unknown, base.arguments());
        read.addCode("$<}\n");
        read.addCode("default -> {\n$>");
        read.addComment("A branch's member before the discriminator: choose the branch now if something tells it.");
        read.beginControlFlow("if (!lookedAhead)")
                .addStatement("lookedAhead = true")
                .addStatement("ahead = ctx.lookAhead(p, $S)", tag.name())
                .endControlFlow();
        if (onlyIn.isEmpty()) {
            read.addStatement("String branch = ahead");
            read.addStatement("$T value = branch == null ? null : _readBranch(branch, p, ctx, held, member, null$L)",
                    TypeMapper.annotateNullable(iface), base.arguments());
        } else {
            read.addStatement("String branch = ahead != null ? ahead : ctx.strict() ? _branchOnlyWith(member) : null");
            read.addStatement("$T value = branch == null ? null : _readBranch(branch, p, ctx, held, member, ahead == null ? member : null$L)",
                    TypeMapper.annotateNullable(iface), base.arguments());
        }
        read.beginControlFlow("if (value != null)").addStatement("return value").endControlFlow();
        read.addStatement("held = $T.add(held, member, p)", Runtime.BUFFERED_MEMBERS);
        read.addCode("$<}\n");
        read.endControlFlow();
        read.endControlFlow();
        read.addStatement("throw ctx.errorAtObject(p, $T.discriminatorProblem($S, $S))", Runtime.QAPI_JSON, union.name(), tag.name());
        return read.build();
    }

    /**
     * {@code _readBranch}: hands the object to the branch {@code tag} names, with the base members read so far,
     * or returns null when it names none.
     */
    private MethodSpec readBranchMethod(ClassName iface, List<Variant> variants, Map<String, String> branchNames,
            List<Member> baseMembers, BaseLocals base) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("_readBranch").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeMapper.annotateNullable(iface))
                .addParameter(String.class, "tag").addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(TypeMapper.annotateNullable(Runtime.BUFFERED_MEMBERS), "held")
                .addParameter(TypeMapper.annotateNullable(ClassName.get(String.class)), "current")
                .addParameter(TypeMapper.annotateNullable(ClassName.get(String.class)), "impliedBy")
                .addException(IOException.class)
                .addJavadoc("Reads the rest of the object as branch {@code tag} (see the branches' {@code _readRest}), or returns\n"
                        + "null when {@code tag} names no branch.\n");
        base.addParameters(m);
        m.beginControlFlow("switch (tag)");
        for (Variant v : variants) {
            ClassName cls = iface.nestedClass(branchNames.get(v.name()));
            Map<Member, String> memberNames = NamePlan.memberNames(branchMembers(v, baseMembers, flattenedMember(v)));
            m.addCode("case $S -> {\n$>", v.name());
            m.addStatement("$T b = new $T()", cls.nestedClass("Builder"), cls.nestedClass("Builder"));
            for (Member bm : base.members()) {
                m.addStatement("b.$L = $L", memberNames.get(bm), BaseLocals.variable(bm, base.code()));
            }
            m.addStatement("return $T._readRest(p, ctx, held, b, current, impliedBy)", cls);
            m.addCode("$<}\n");
        }
        m.addCode("default -> {\n$>").addStatement("return null").addCode("$<}\n");
        m.endControlFlow();
        return m.build();
    }

    /**
     * Wire names of branch members (an embedded struct's included) that exactly one branch has, with that branch;
     * empty when some branch is a union itself (its members are not known here, so no name can be said to be in one branch only).
     */
    private static Map<String, String> membersOfOneBranch(List<Variant> variants) {
        Map<String, String> owner = new LinkedHashMap<>();
        Set<String> shared = new HashSet<>();
        for (Variant v : variants) {
            if (((ObjectType) v.type()).isUnion()) {
                return Map.of();
            }
            for (Member m : ((ObjectType) v.type()).members()) {
                if (owner.putIfAbsent(m.name(), v.name()) != null) {
                    shared.add(m.name());
                }
            }
        }
        owner.keySet().removeAll(shared);
        return owner;
    }

    /** {@code _branchOnlyWith}: the branch that is the only one with member {@code member}, or null. */
    private static MethodSpec branchOnlyWithMethod(Map<String, String> onlyIn) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("_branchOnlyWith").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeMapper.annotateNullable(ClassName.get(String.class))).addParameter(String.class, "member")
                .addJavadoc("The branch that is the only one with member {@code member}, or null.\n");
        Map<String, List<String>> byBranch = new LinkedHashMap<>();
        onlyIn.forEach((member, branch) -> byBranch.computeIfAbsent(branch, k -> new ArrayList<>()).add(member));
        CodeBlock.Builder sw = CodeBlock.builder().add("return switch (member) {\n$>");
        byBranch.forEach((branch, members) -> sw.add("case $L -> $S;\n",
                members.stream().map(n -> CodeBlock.of("$S", n)).collect(CodeBlock.joining(", ")), branch));
        sw.add("default -> null;\n$<};\n");
        return m.addCode(sw.build()).build();
    }
}
