package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code QmpSchemaIntrospection} in the base package: the accessor of the introspection resource that
 * {@link IntrospectionEmitter} computes. The JSON is a resource rather than a constant because a Java string
 * constant holds at most 64 KB and the 2.11.2 introspection is several times that.
 */
final class IntrospectionAccessorEmitter {
    /** The resource's file name, next to the accessor class (in the base package's resource folder). */
    static final String RESOURCE = "qmp-schema-introspection.json";

    private IntrospectionAccessorEmitter() {}

    /** Where the resource goes, relative to a resources root. */
    static String resourcePath(String basePackage) {
        return basePackage.replace('.', '/') + "/" + RESOURCE;
    }

    static JavaFile emit(ClassName cls, String schemaName, int entries) {
        TypeSpec type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("What QEMU answers to {@code query-qmp-schema} for $L: the {@code SchemaInfo} list its QAPI generator\n"
                        + "derives from the schema (commands, events and the types they use, type names masked as numbers), computed\n"
                        + "by the qmp-sdk generator from the same schema. Fake and simulated monitors answer with it.\n"
                        + "\n<pre>{@code\nString json = $L.json();   // [{\"name\": \"...\", \"meta-type\": \"command\", ...}, ...]\n}</pre>\n",
                        schemaName, cls.simpleName())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addField(FieldSpec.builder(String.class, "RESOURCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The resource holding the JSON, relative to this class.\n").initializer("$S", RESOURCE).build())
                .addField(FieldSpec.builder(int.class, "ENTRIES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("How many {@code SchemaInfo} entries the resource holds.\n").initializer("$L", entries).build())
                .addMethod(MethodSpec.methodBuilder("json").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
                        .addJavadoc("The {@code SchemaInfo} list as JSON text, read from {@link #RESOURCE} on each call.\n\n"
                                + "@throws IllegalStateException when the resource is not on the class path\n")
                        .beginControlFlow("try ($T in = $T.class.getResourceAsStream(RESOURCE))", InputStream.class, cls)
                        .beginControlFlow("if (in == null)")
                        .addStatement("throw new $T($S + RESOURCE + $S)", IllegalStateException.class,
                                "introspection resource ", " is missing next to " + cls.canonicalName()
                                        + ": add qapi-codegen's --resources directory to the class path")
                        .endControlFlow()
                        .addStatement("return new $T(in.readAllBytes(), $T.UTF_8)", String.class, StandardCharsets.class)
                        .nextControlFlow("catch ($T e)", IOException.class)
                        .addStatement("throw new $T($S + RESOURCE, e)", UncheckedIOException.class, "cannot read ")
                        .endControlFlow()
                        .build())
                .build();
        return GeneratedFile.of(cls.packageName(), type, "the commands and events of " + schemaName + " (query-qmp-schema)");
    }
}
