package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.BuiltinType;
import dev.qmpsdk.schema.model.Builtin;
import dev.qmpsdk.schema.model.Variant;
import java.io.IOException;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Emits an alternate as a sealed interface with one nested class per alternative, chosen on decoding by
 * the JSON token type ({@code "a string"} → the {@code str} or enum alternative, {@code {...}} → the object
 * alternative, and so on), plus {@code Unknown} for a token no alternative takes (kept raw, tolerant mode).
 */
final class AlternateEmitter {
    private final NamePlan names;
    private final TypeMapper types;

    AlternateEmitter(NamePlan names, TypeMapper types) {
        this.names = names;
        this.types = types;
    }

    JavaFile emit(AlternateType alt, String javadoc, String origin) {
        ClassName iface = names.className(alt);
        Map<String, String> branchNames = NamePlan.branchNames(iface.simpleName(), alt.alternatives());
        ClassName unknown = iface.nestedClass(NamePlan.UNKNOWN_BRANCH);
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(iface).addModifiers(Modifier.PUBLIC, Modifier.SEALED)
                .addSuperinterface(Runtime.QAPI_VALUE)
                .addJavadoc("$L", javadoc + "\n<p>An alternate: one nested class per alternative, chosen by the JSON type of the value.\n");
        boolean hasInt = alt.alternatives().stream().anyMatch(v -> v.type() instanceof BuiltinType b && b.kind().isInteger());
        boolean hasNumber = alt.alternatives().stream().anyMatch(v -> v.type() instanceof BuiltinType b && b.kind() == Builtin.NUMBER);

        MethodSpec.Builder read = MethodSpec.methodBuilder("_read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(iface)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addJavadoc("Reads a value, choosing the alternative by the JSON token type.\n");
        read.beginControlFlow("switch (p.currentToken())");
        for (Variant v : alt.alternatives()) {
            ClassName cls = iface.nestedClass(branchNames.get(v.name()));
            type.addPermittedSubclass(cls);
            type.addType(alternative(iface, cls, v));
            for (String token : TypeMapper.tokensOf(v, hasNumber, hasInt)) {
                read.addCode("case $L:\n", token);
            }
            read.addCode("$>").addStatement("return new $T($L)", cls, types.read(v.type(), "p", "ctx", 0)).addCode("$<");
        }
        read.addCode("default:\n$>")
                .beginControlFlow("if (ctx.strict())")
                .addStatement("throw ctx.error(p, $S + $T.describe(p))", "no alternative of " + alt.name() + " takes ", Runtime.QAPI_JSON)
                .endControlFlow()
                .addStatement("return new $T($T.readAny(p, ctx))", unknown, Runtime.QAPI_JSON)
                .addCode("$<");
        read.endControlFlow();
        type.addPermittedSubclass(unknown);
        type.addType(wrapper(iface, unknown, Runtime.JSON_NODE, "A value of a JSON type that no alternative takes, kept as sent.\n",
                CodeBlock.of("$T.writeAny(g, value)", Runtime.QAPI_JSON)));
        type.addMethod(read.build());
        return GeneratedFile.of(iface.packageName(), type.build(), origin);
    }

    private TypeSpec alternative(ClassName iface, ClassName cls, Variant v) {
        String doc = "The {@code " + v.name() + "} alternative: a {@code " + v.type().name() + "}.\n"
                + Javadocs.availability(v.ifCond(), List.of());
        return wrapper(iface, cls, types.required(v.type()), doc, types.write(v.type(), "g", CodeBlock.of("value"), 0));
    }

    private static TypeSpec wrapper(ClassName iface, ClassName cls, TypeName valueType, String doc, CodeBlock write) {
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(iface).addJavadoc("$L", doc);
        type.addField(valueType, "value", Modifier.PRIVATE, Modifier.FINAL);
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).addParameter(valueType, "value");
        ctor.addStatement(valueType.isPrimitive() ? "this.value = value" : "this.value = $T.requireNonNull(value, $S)",
                valueType.isPrimitive() ? new Object[0] : new Object[] {Objects.class, "value"});
        type.addMethod(ctor.build());
        type.addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(valueType, "value").addStatement("return new $T(value)", cls).build());
        type.addMethod(MethodSpec.methodBuilder("value").addModifiers(Modifier.PUBLIC).returns(valueType)
                .addStatement("return value").build());
        type.addMethod(MethodSpec.methodBuilder("_writeJson").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.JSON_GENERATOR, "g").addException(IOException.class).addStatement("$L", write).build());
        type.addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addParameter(TypeMapper.annotateNullable(ClassName.OBJECT), "o")
                .addStatement("return o instanceof $T other && $T.equals(value, other.value)", cls, Objects.class).build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT).addStatement("return $T.hashCode(value)", Objects.class).build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return $S + value + $S", iface.simpleName() + "." + cls.simpleName() + "{", "}").build());
        return type.build();
    }
}
