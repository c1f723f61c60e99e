package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Emits a final immutable class with a builder for a struct, a command's implicit arguments or a 1.x
 * nested struct.
 */
final class StructEmitter {
    private final NamePlan names;
    private final TypeMapper types;
    /** Structs that a flat union's branch embeds ({@link UnionEmitter#embeddedMember}): they get {@code _readMember}. */
    private final Set<ObjectType> embedded;

    StructEmitter(NamePlan names, TypeMapper types, Set<ObjectType> embedded) {
        this.names = names;
        this.types = types;
        this.embedded = Set.copyOf(embedded);
    }

    JavaFile emit(ObjectType struct, String javadoc, String origin) {
        return emit(struct, javadoc, origin, false);
    }

    /** @param additionalMembers keep members the schema does not declare (arguments of {@code 'gen': false} commands) */
    JavaFile emit(ObjectType struct, String javadoc, String origin, boolean additionalMembers) {
        ClassName cls = names.className(struct);
        List<Member> members = struct.members();
        Map<Member, String> memberNames = NamePlan.memberNames(members);
        MembersCode code = new MembersCode(types, struct.name(), cls, members, memberNames, null, null);
        if (additionalMembers) {
            code = code.withAdditionalMembers();
        }
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Runtime.QAPI_VALUE)
                .addJavadoc("$L", javadoc);
        if (struct.info().isDeprecated()) {
            type.addAnnotation(Deprecated.class);
        }
        addMemberNameLists(type, members);
        addValueClassBody(type, cls, code, false, embedded.contains(struct));
        return GeneratedFile.of(cls.packageName(), type.build(), origin);
    }

    /**
     * {@code _MEMBERS} and {@code _REQUIRED_MEMBERS}: the wire names, in schema order, for tools that check or
     * complete arguments without the schema at hand (the CLI's "valid arguments are ..." and tab completion).
     */
    static void addMemberNameLists(TypeSpec.Builder type, List<Member> members) {
        TypeName names = ParameterizedTypeName.get(List.class, String.class);
        type.addField(FieldSpec.builder(names, "_MEMBERS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Every member's wire name, in schema order.\n")
                .initializer(listOf(members.stream().map(Member::name).toList())).build());
        type.addField(FieldSpec.builder(names, "_REQUIRED_MEMBERS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The wire names of the required members, in schema order.\n")
                .initializer(listOf(members.stream().filter(m -> !m.optional()).map(Member::name).toList())).build());
    }

    private static CodeBlock listOf(List<String> names) {
        return CodeBlock.of("$T.of($L)", List.class,
                names.stream().map(n -> CodeBlock.of("$S", n)).collect(CodeBlock.joining(", ")));
    }

    /**
     * Everything a plain value class has: fields, accessors, builder, factories, _read, _writeJson, value
     * methods. Shared with union branches, whose reading is split ({@link MembersCode#readRestMethod}) so that
     * their union can hand them the object once it knows the branch.
     */
    static void addValueClassBody(TypeSpec.Builder type, ClassName cls, MembersCode code, boolean unionBranch) {
        addValueClassBody(type, cls, code, unionBranch, false);
    }

    /**
     * @param embeddable whether a union branch embeds this struct: its members are read one at a time by the
     *     public {@code _readMember} and the value made by {@code _finishRead}, which the branch calls while it reads
     *     the union's object (and this class's own {@code _read} uses, so the member switch exists once)
     */
    static void addValueClassBody(TypeSpec.Builder type, ClassName cls, MembersCode code, boolean unionBranch, boolean embeddable) {
        ClassName builder = cls.nestedClass("Builder");
        code.addFieldsAndAccessors(type, builder, ctor -> {});
        type.addMethod(MethodSpec.methodBuilder("builder").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(builder)
                .addJavadoc("A builder for a new value.\n").addStatement("return new $T()", builder).build());
        type.addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(ParameterizedTypeName.get(ClassName.get(Consumer.class), builder), "spec")
                .addJavadoc("Builds a value in one expression: {@code $T.of(b -> b...)}.\n", cls)
                .addStatement("$T b = new $T()", builder, builder).addStatement("spec.accept(b)").addStatement("return b.build()").build());
        type.addMethod(MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC).returns(builder)
                .addJavadoc("A builder holding this value's members, to make a changed copy.\n")
                .addStatement("$T b = new $T()", builder, builder).addCode(code.copyToBuilder("b")).addStatement("return b").build());
        MethodSpec.Builder read = MethodSpec.methodBuilder("_read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addJavadoc("Reads a value; the parser is on its START_OBJECT. For generated code and codecs.\n");
        if (unionBranch) {
            read.addCode(code.expectObject()).addStatement("return _readRest(p, ctx, null, new $T(), null, null)", builder);
            type.addMethod(read.build());
            type.addMethod(code.readRestMethod(builder));
            type.addMethod(code.readMembersMethod(builder));
            type.addMethod(code.readMemberMethod(builder));
        } else if (embeddable) {
            read.addCode(code.expectObject()).addStatement("$T b = new $T()", builder, builder)
                    .beginControlFlow("while (p.nextToken() == $T.FIELD_NAME)", Runtime.JSON_TOKEN)
                    .addStatement("String member = p.currentName()")
                    .addStatement("p.nextToken()")
                    .beginControlFlow("if (!_readMember(b, member, p, ctx))")
                    .addStatement("ctx.unknownMember(p, $S, member)", code.qapiName())
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("return _finishRead(b, p, ctx, $S)", code.qapiName());
            type.addMethod(read.build());
            type.addMethod(code.readOneMemberMethod(builder));
            type.addMethod(code.finishReadMethod(builder));
        } else {
            read.addStatement("$T b = new $T()", builder, builder).addCode(code.readLoop(List.of())).addStatement("return new $T(b)", cls);
            type.addMethod(read.build());
        }
        type.addMethod(MethodSpec.methodBuilder("_writeJson").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.JSON_GENERATOR, "g").addException(IOException.class)
                .addStatement("g.writeStartObject()").addStatement("_writeMembers(g)").addStatement("g.writeEndObject()").build());
        type.addMethod(code.writeMembers(Modifier.PUBLIC));
        code.addValueMethods(type, cls.simpleName(), List.of());
        type.addType(code.builder(builder, null, List.of(), List.of()));
    }
}
