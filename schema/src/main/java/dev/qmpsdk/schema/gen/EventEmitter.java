package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.Member;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Emits one class per event, extending {@code QmpEvent}, with the event's data members as its own
 * (whether the schema gives them inline, as a named type or boxed).
 */
final class EventEmitter {
    private final NamePlan names;
    private final TypeMapper types;

    EventEmitter(NamePlan names, TypeMapper types) {
        this.names = names;
        this.types = types;
    }

    JavaFile emit(Event event, String javadoc, String origin) {
        ClassName cls = names.eventClass(event);
        ClassName builder = cls.nestedClass("Builder");
        List<Member> members = event.data() == null ? List.of() : event.data().members();
        Map<Member, String> memberNames = NamePlan.memberNames(members, "NAME");
        MembersCode code = new MembersCode(types, event.name(), cls, members, memberNames, null, null);

        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(Runtime.QMP_EVENT)
                .addJavadoc("$L", javadoc + "\n<p>Event {@code " + event.name() + "}.\n");
        if (event.info().isDeprecated()) {
            type.addAnnotation(Deprecated.class);
        }
        type.addField(FieldSpec.builder(String.class, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The wire name.\n").initializer("$S", event.name()).build());
        code.addFieldsAndAccessors(type, builder,
                ctor -> ctor.addStatement("super(b.timestamp == null ? $T.now() : b.timestamp)", Runtime.QMP_TIMESTAMP));
        type.addMethod(MethodSpec.methodBuilder("eventName").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return NAME").build());
        type.addMethod(MethodSpec.methodBuilder("builder").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(builder)
                .addJavadoc("A builder for a new event (its timestamp defaults to now).\n").addStatement("return new $T()", builder).build());
        type.addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(ParameterizedTypeName.get(ClassName.get(Consumer.class), builder), "spec")
                .addStatement("$T b = new $T()", builder, builder).addStatement("spec.accept(b)").addStatement("return b.build()").build());
        type.addMethod(MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC).returns(builder)
                .addStatement("$T b = new $T()", builder, builder).addStatement("b.timestamp = rawTimestamp()")
                .addCode(code.copyToBuilder("b")).addStatement("return b").build());

        MethodSpec.Builder read = MethodSpec.methodBuilder("_read").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(cls)
                .addParameter(TypeMapper.annotateNullable(Runtime.JSON_PARSER), "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(Runtime.QMP_TIMESTAMP, "timestamp").addException(IOException.class)
                .addJavadoc("Reads the event's data; {@code p} is on the data object, or null when the event had none.\n");
        read.addStatement("$T b = new $T()", builder, builder).addStatement("b.timestamp = timestamp");
        read.beginControlFlow("if (p == null)");
        read.addCode(code.recordAllRequiredMissing(event.name()));
        read.addStatement("return new $T(b)", cls);
        read.endControlFlow();
        read.addCode(code.readLoop(List.of())).addStatement("return new $T(b)", cls);
        type.addMethod(read.build());

        type.addMethod(MethodSpec.methodBuilder("_hasData").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addStatement("return $L", event.data() != null).build());
        MethodSpec.Builder writeData = MethodSpec.methodBuilder("_writeData").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.JSON_GENERATOR, "g").addException(IOException.class);
        writeData.addStatement("g.writeStartObject()").addStatement("_writeMembers(g)").addStatement("g.writeEndObject()");
        type.addMethod(writeData.build());
        type.addMethod(code.writeMembers(Modifier.PUBLIC));
        code.addValueMethods(type, cls.simpleName(), List.of("rawTimestamp()"));

        FieldSpec timestampField = FieldSpec.builder(TypeMapper.annotateNullable(Runtime.QMP_TIMESTAMP), "timestamp", Modifier.PRIVATE).build();
        MethodSpec setTimestamp = MethodSpec.methodBuilder("timestamp").addModifiers(Modifier.PUBLIC).returns(builder)
                .addParameter(Runtime.QMP_TIMESTAMP, "timestamp").addJavadoc("When the event happened, exactly as on the wire.\n")
                .addStatement("this.timestamp = timestamp").addStatement("return this").build();
        MethodSpec setInstant = MethodSpec.methodBuilder("timestamp").addModifiers(Modifier.PUBLIC).returns(builder)
                .addParameter(Instant.class, "instant").addJavadoc("When the event happened (microsecond precision).\n")
                .addStatement("this.timestamp = $T.of(instant)", Runtime.QMP_TIMESTAMP).addStatement("return this").build();
        type.addType(code.builder(builder, null, List.of(timestampField), List.of(setTimestamp, setInstant)));
        return GeneratedFile.of(cls.packageName(), type.build(), origin);
    }
}
