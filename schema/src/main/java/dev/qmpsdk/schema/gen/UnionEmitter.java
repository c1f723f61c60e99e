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
import dev.qmpsdk.schema.model.Variant;
import dev.qmpsdk.schema.model.Variants;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

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

        MembersCode baseCode = new MembersCode(types, union.name(), base, baseMembers, baseNames, null, null);
        for (Member m : baseMembers) {
            MethodSpec.Builder get = MethodSpec.methodBuilder(baseNames.get(m)).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                    .returns(baseCode.accessorType(m)).addJavadoc("$L", Javadocs.forMember(m.doc()) + Javadocs.availability(m.ifCond(), m.features()) + "<p>Wire name {@code " + m.name() + "}.\n");
            type.addMethod(get.build());
        }

        // Branches in schema order; discriminator values without a branch of their own go to Unknown.
        Set<String> withBranch = new LinkedHashSet<>();
        for (Variant v : variants.variants()) {
            withBranch.add(v.name());
            type.addPermittedSubclass(iface.nestedClass(branchNames.get(v.name())));
            type.addType(branch(union, iface, v, branchNames.get(v.name()), tag, tagEnum, baseMembers));
        }
        type.addPermittedSubclass(unknown);
        type.addType(baseClass(union, base, baseCode));
        type.addType(unknownClass(union, iface, unknown, base, baseMembers, baseNames, baseCode, tag.name()));
        type.addMethod(readMethod(union, iface, tag, tagEnum, variants, branchNames, withBranch, unknown));
        return GeneratedFile.of(iface.packageName(), type.build(), origin);
    }

    private TypeSpec branch(ObjectType union, ClassName iface, Variant v, String simpleName, Member tag, EnumType tagEnum,
            List<Member> baseMembers) {
        ClassName cls = iface.nestedClass(simpleName);
        ObjectType branchType = (ObjectType) v.type();
        List<Member> all = new ArrayList<>(baseMembers);
        // A branch that is itself a union keeps that union as one value whose members sit beside ours on the wire.
        Member flattened = branchType.isUnion()
                ? new Member(branchType.name(), branchType, false, null, List.of(), v.location(),
                        "The value of branch '" + v.name() + "': a " + branchType.name() + ".")
                : null;
        if (flattened != null) {
            all.add(flattened);
        } else {
            all.addAll(branchType.members());
        }
        Map<Member, String> memberNames = NamePlan.memberNames(all);
        CodeBlock constant = CodeBlock.of("$T.$L", names.className(tagEnum), names.enumConstants(tagEnum).get(v.name()));
        MembersCode code = new MembersCode(types, union.name() + " (" + tag.name() + " '" + v.name() + "')", cls, all,
                memberNames, tag, constant, flattened);
        String doc = flattened != null
                ? "The {@code " + v.name() + "} branch ({@code " + tag.name() + ": \"" + v.name() + "\"}), whose other members are "
                        + "those of union {@code " + branchType.name() + "}.\n"
                : branchType.kind() == ObjectType.Kind.BRANCH_WRAPPER
                ? "The {@code " + v.name() + "} branch: {@code {\"" + tag.name() + "\": \"" + v.name() + "\", \"data\": ...}}.\n"
                : "The {@code " + v.name() + "} branch ({@code " + tag.name() + ": \"" + v.name() + "\"}), with the members of "
                        + "{@code " + branchType.name() + "}.\n";
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(iface).addJavadoc("$L", doc + Javadocs.availability(v.ifCond(), List.of()));
        type.addMethod(MethodSpec.methodBuilder(memberNames.get(tag)).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(names.className(tagEnum)).addStatement("return $L", constant).build());
        StructEmitter.addValueClassBody(type, cls, code, true);
        // Base accessors implemented by the generated ones need @Override only for clarity; javac accepts them as is.
        return type.build();
    }

    private TypeSpec baseClass(ObjectType union, ClassName base, MembersCode baseCode) {
        TypeSpec.Builder type = TypeSpec.classBuilder(base).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(Runtime.QAPI_VALUE)
                .addJavadoc("The members every branch of {@link $T} has (its base), as a value of their own.\n", names.className(union));
        StructEmitter.addValueClassBody(type, base, baseCode, false);
        return type.build();
    }

    private TypeSpec unknownClass(ObjectType union, ClassName iface, ClassName unknown, ClassName base, List<Member> baseMembers,
            Map<Member, String> baseNames, MembersCode baseCode, String tagName) {
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
        type.addMethod(MethodSpec.methodBuilder("_readRest").addModifiers(Modifier.STATIC).returns(unknown)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(TypeMapper.annotateNullable(Runtime.BUFFERED_MEMBERS), "before").addParameter(String.class, "tag")
                .addException(IOException.class)
                .addJavadoc("Reads the rest of the object ({@code p} is on the discriminator's value) and keeps all of it raw.\n")
                .addStatement("$T raw = $T.wholeObject(before, $S, tag, p)", Runtime.OBJECT_NODE, Runtime.BUFFERED_MEMBERS, tagName)
                .addStatement("return _read(raw, ctx.belowClosedObject(p))").build());
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

    private MethodSpec readMethod(ObjectType union, ClassName iface, Member tag, EnumType tagEnum, Variants variants,
            Map<String, String> branchNames, Set<String> withBranch, ClassName unknown) {
        MethodSpec.Builder read = MethodSpec.methodBuilder("_read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(iface)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addJavadoc("Reads a value, choosing the branch by {@code $L}; the parser is on its START_OBJECT.\n", tag.name());
        // One streaming pass: members before the discriminator are buffered (QEMU sends at most a name or two
        // there), the discriminator picks the branch, and the branch reads the rest straight from p.
        read.addCode(CodeBlock.builder().addStatement("$T.expectObject(p, ctx, $S)", Runtime.QAPI_JSON, union.name()).build());
        read.addStatement("$T before = null", Runtime.BUFFERED_MEMBERS);
        read.beginControlFlow("while (p.nextToken() == $T.FIELD_NAME)", Runtime.JSON_TOKEN);
        read.beginControlFlow("if (!$S.equals(p.currentName()))", tag.name())
                .addStatement("before = $T.add(before, p)", Runtime.BUFFERED_MEMBERS)
                .addStatement("continue")
                .endControlFlow();
        read.addStatement("String tag = $T.readDiscriminator(p, ctx, $S, $S)", Runtime.QAPI_JSON, union.name(), tag.name());
        read.beginControlFlow("switch (tag)");
        for (Variant v : variants.variants()) {
            read.addCode("case $S:\n$>", v.name())
                    .addStatement("return $T._readRest(p, ctx, before)", iface.nestedClass(branchNames.get(v.name())))
                    .addCode("$<");
        }
        List<String> withoutBranch = new ArrayList<>();
        for (var value : tagEnum.values()) {
            if (!withBranch.contains(value.name())) {
                withoutBranch.add(value.name());
            }
        }
        for (String value : withoutBranch) {
            read.addCode("case $S:\n", value);
        }
        if (!withoutBranch.isEmpty()) {
            read.addCode("$>").addStatement("return $T._readRest(p, ctx, before, tag)", unknown).addCode("$<");
        }
        read.addCode("default:\n$>")
                .addStatement("ctx.unknownBranch(p, $S, tag)", union.name())
                .addStatement("return $T._readRest(p, ctx, before, tag)", unknown)
                .addCode("$<");
        read.endControlFlow();
        read.endControlFlow();
        read.addStatement("throw ctx.errorAtObject(p, $T.discriminatorProblem($S, $S))", Runtime.QAPI_JSON, union.name(), tag.name());
        return read.build();
    }
}
