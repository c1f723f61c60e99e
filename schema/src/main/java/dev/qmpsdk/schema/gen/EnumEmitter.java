package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.EnumValue;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Emits a QAPI enum as a final class with one constant per value and a nested Java {@code enum Known}
 * for switches. Unknown wire values decode to a new instance whose {@code known()} is
 * {@code UNKNOWN_TO_SDK_VERSION} and that re-encodes to the same string.
 */
final class EnumEmitter {
    private final NamePlan names;

    EnumEmitter(NamePlan names) {
        this.names = names;
    }

    JavaFile emit(EnumType e, String javadoc, String origin) {
        ClassName cls = names.className(e);
        ClassName known = cls.nestedClass("Known");
        Map<String, String> constants = names.enumConstants(e);
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Runtime.QAPI_ENUM)
                .addJavadoc("$L", javadoc + "\n<p>Values the compiled schema does not know are kept: see {@link #isKnown()}.\n");
        if (e.info().isDeprecated()) {
            type.addAnnotation(Deprecated.class);
        }

        TypeSpec.Builder knownEnum = TypeSpec.enumBuilder(known).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The values of {@link $T} as a Java enum, for {@code switch}.\n", cls);
        for (EnumValue v : e.values()) {
            knownEnum.addEnumConstant(constants.get(v.name()));
        }
        knownEnum.addEnumConstant(NamePlan.UNKNOWN_ENUM_CONSTANT);
        type.addType(knownEnum.build());

        CodeBlock.Builder valuesList = CodeBlock.builder();
        for (EnumValue v : e.values()) {
            String c = constants.get(v.name());
            FieldSpec.Builder f = FieldSpec.builder(cls, c, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .initializer("new $T($S, $T.$L)", cls, v.name(), known, c)
                    .addJavadoc("$L", Javadocs.forMember(v.doc()) + Javadocs.availability(v.ifCond(), v.features()) + "<p>Wire value {@code " + v.name() + "}.\n");
            if (v.isDeprecated()) {
                f.addAnnotation(Deprecated.class);
            }
            type.addField(f.build());
            valuesList.add(valuesList.isEmpty() ? "$L" : ", $L", c);
        }
        TypeName listOf = ParameterizedTypeName.get(ClassName.get(List.class), cls);
        type.addField(FieldSpec.builder(listOf, "_VALUES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($L)", List.class, valuesList.build()).build());
        TypeName mapOf = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), cls);
        type.addField(FieldSpec.builder(mapOf, "_BY_WIRE_NAME", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).build());
        type.addStaticBlock(CodeBlock.builder()
                .addStatement("$T byWire = new $T<>()", mapOf, HashMap.class)
                .beginControlFlow("for ($T v : _VALUES)", cls).addStatement("byWire.put(v.wireName, v)").endControlFlow()
                .addStatement("_BY_WIRE_NAME = $T.copyOf(byWire)", Map.class).build());

        type.addField(String.class, "wireName", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(known, "known", Modifier.PRIVATE, Modifier.FINAL);
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(String.class, "wireName").addParameter(known, "known")
                .addStatement("this.wireName = wireName").addStatement("this.known = known").build());

        type.addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(String.class, "wireName")
                .addJavadoc("The value with this wire name: a constant, or a new unknown value.\n")
                .addStatement("$T v = _BY_WIRE_NAME.get($T.requireNonNull(wireName, $S))", cls, Objects.class, "wireName")
                .addStatement("return v != null ? v : new $T(wireName, $T.$L)", cls, known, NamePlan.UNKNOWN_ENUM_CONSTANT).build());
        type.addMethod(MethodSpec.methodBuilder("knownValues").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(listOf)
                .addJavadoc("Every value the compiled schema defines, in schema order.\n").addStatement("return _VALUES").build());
        type.addMethod(MethodSpec.methodBuilder("wireName").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return wireName").build());
        type.addMethod(MethodSpec.methodBuilder("isKnown").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addStatement("return known != $T.$L", known, NamePlan.UNKNOWN_ENUM_CONSTANT).build());
        type.addMethod(MethodSpec.methodBuilder("known").addModifiers(Modifier.PUBLIC).returns(known)
                .addJavadoc("This value as a Java enum constant, {@code UNKNOWN_TO_SDK_VERSION} for values the schema does not know.\n")
                .addStatement("return known").build());
        type.addMethod(MethodSpec.methodBuilder("_read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addStatement("String wire = $T.readStr(p, ctx)", Runtime.QAPI_JSON)
                .addStatement("$T v = _BY_WIRE_NAME.get(wire)", cls)
                .beginControlFlow("if (v == null)")
                .addStatement("ctx.unknownEnumValue(p, $S, wire)", e.name())
                .addStatement("return new $T(wire, $T.$L)", cls, known, NamePlan.UNKNOWN_ENUM_CONSTANT)
                .endControlFlow()
                .addStatement("return v").build());
        type.addMethod(MethodSpec.methodBuilder("_writeJson").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.JSON_GENERATOR, "g").addException(IOException.class)
                .addStatement("g.writeString(wireName)").build());
        type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addParameter(TypeMapper.annotateNullable(ClassName.OBJECT), "o")
                .addStatement("return o instanceof $T other && wireName.equals(other.wireName)", cls).build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT).addStatement("return wireName.hashCode()").build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return wireName").build());
        return GeneratedFile.of(cls.packageName(), type.build(), origin);
    }
}
