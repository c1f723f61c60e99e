package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Emits the schema-wide classes in the base package: {@code QmpCommands} (one descriptor per command),
 * {@code QmpEvents} (the event registry) and {@code QapiTypes} (an index of every generated type).
 */
final class RegistryEmitter {
    private static final ClassName LIST = ClassName.get(List.class);
    private static final TypeName WILDCARD_DESCRIPTOR =
            ParameterizedTypeName.get(Runtime.COMMAND_DESCRIPTOR, WildcardTypeName.subtypeOf(Object.class), WildcardTypeName.subtypeOf(Object.class));
    private static final TypeName ANY_CLASS = ParameterizedTypeName.get(ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class));

    private final NamePlan names;
    private final TypeMapper types;
    private final String schemaName;

    RegistryEmitter(NamePlan names, TypeMapper types, String schemaName) {
        this.names = names;
        this.types = types;
        this.schemaName = schemaName;
    }

    JavaFile commands(List<Command> commands) {
        ClassName cls = names.commandsClass();
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("One descriptor per command of $L: wire name, argument and return types, out-of-band permission.\n"
                        + "\n<pre>{@code\nbyte[] request = codec.encodeRequest(QmpCommands.QUERY_STATUS, null, 1);\n}</pre>\n", schemaName)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        CodeBlock.Builder all = CodeBlock.builder();
        for (Command c : commands) {
            String constant = names.commandConstant(c);
            TypeName args = c.arguments() == null ? ClassName.get(Void.class) : types.boxed(c.arguments());
            TypeName result = c.returns() == null ? ClassName.get(Void.class) : types.boxed(c.returns());
            CodeBlock.Builder init = CodeBlock.builder().add("$T.builder($S)", Runtime.COMMAND_DESCRIPTOR, c.name());
            if (c.arguments() != null) {
                init.add("\n        .arguments($T.class, $T::_read, (g, v) -> v._writeJson(g))", types.required(c.arguments()), types.required(c.arguments()));
            }
            if (c.returns() != null) {
                init.add("\n        .result($S, $L, (g, v) -> $L)", types.displayName(c.returns()), types.reader(c.returns(), 0),
                        types.write(c.returns(), "g", CodeBlock.of("v"), 0));
            }
            init.add("\n        .allowOob($L)", c.allowOob());
            if (c.info().isDeprecated()) {
                init.add("\n        .deprecated(true)");
            }
            if (!c.successResponse()) {
                init.add("\n        .successResponse(false)");
            }
            init.add("\n        .build()");
            FieldSpec.Builder f = FieldSpec.builder(ParameterizedTypeName.get(Runtime.COMMAND_DESCRIPTOR, args, result), constant,
                            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .initializer(init.build())
                    .addJavadoc("$L", Javadocs.forDefinition(c.info().doc(), "Command " + c.name() + ".") + Javadocs.availability(c.info())
                            + "\n<p>Command {@code " + c.name() + "}" + argumentsNote(c) + ".\n");
            if (c.info().isDeprecated()) {
                f.addAnnotation(Deprecated.class);
            }
            type.addField(f.build());
            all.add(all.isEmpty() ? "$L" : ",\n$L", constant);
        }
        TypeName listType = ParameterizedTypeName.get(LIST, WILDCARD_DESCRIPTOR);
        type.addField(FieldSpec.builder(listType, "ALL", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Every command, in schema order.\n").initializer("$T.of(\n$>$L$<)", List.class, all.build()).build());
        TypeName mapType = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), WILDCARD_DESCRIPTOR);
        type.addField(FieldSpec.builder(mapType, "BY_NAME", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).build());
        type.addStaticBlock(CodeBlock.builder()
                .addStatement("$T byName = new $T<>()", mapType, HashMap.class)
                .beginControlFlow("for ($T c : ALL)", WILDCARD_DESCRIPTOR).addStatement("byName.put(c.name(), c)").endControlFlow()
                .addStatement("BY_NAME = $T.copyOf(byName)", Map.class).build());
        type.addMethod(MethodSpec.methodBuilder("byName").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(TypeMapper.annotateNullable(WILDCARD_DESCRIPTOR)).addParameter(String.class, "wireName")
                .addJavadoc("The descriptor of a command by wire name, or null when the schema has no such command.\n")
                .addStatement("return BY_NAME.get(wireName)").build());
        return GeneratedFile.of(cls.packageName(), type.build(), "the commands of " + schemaName);
    }

    private String argumentsNote(Command c) {
        if (c.arguments() == null) {
            return ", without arguments";
        }
        return ", arguments {@link " + ((ClassName) types.required(c.arguments())).canonicalName() + "}";
    }

    JavaFile events(List<Event> events) {
        ClassName cls = names.eventsClass();
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The events of $L, for {@code QmpCodec.of(QmpEvents.REGISTRY)}.\n", schemaName)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        CodeBlock.Builder init = CodeBlock.builder().add("$T.builder()", Runtime.EVENT_REGISTRY);
        for (Event e : events) {
            ClassName ec = names.eventClass(e);
            init.add("\n        .register($T.NAME, $T.class, $T::_read)", ec, ec, ec);
        }
        init.add("\n        .build()");
        type.addField(FieldSpec.builder(Runtime.EVENT_REGISTRY, "REGISTRY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Every event, by wire name.\n").initializer(init.build()).build());
        return GeneratedFile.of(cls.packageName(), type.build(), "the events of " + schemaName);
    }

    /** The index of generated types by kind, so tools and tests can enumerate them without scanning. */
    JavaFile index(List<? extends QapiType> enums, List<ObjectType> structs, List<ObjectType> unions, List<? extends QapiType> alternates,
            List<Event> events, List<ObjectType> commandArguments) {
        ClassName cls = names.indexClass();
        TypeSpec.Builder type = TypeSpec.classBuilder(cls).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("Every type generated from $L, by QAPI kind.\n", schemaName)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        addClassList(type, "ENUMS", "Explicit enums.", enums.stream().filter(t -> !((dev.qmpsdk.schema.model.EnumType) t).isImplicit())
                .map(names::className).toList());
        addClassList(type, "IMPLICIT_ENUMS", "Enums the schema implies (simple-union kinds).",
                enums.stream().filter(t -> ((dev.qmpsdk.schema.model.EnumType) t).isImplicit()).map(names::className).toList());
        addClassList(type, "STRUCTS", "Structs.", structs.stream().map(names::className).toList());
        addClassList(type, "UNIONS", "Unions, flat and simple.", unions.stream().map(names::className).toList());
        addClassList(type, "ALTERNATES", "Alternates.", alternates.stream().map(names::className).toList());
        addClassList(type, "EVENTS", "Event classes.", events.stream().map(names::eventClass).toList());
        addClassList(type, "COMMAND_ARGUMENTS", "The implicit argument types of commands.", commandArguments.stream().map(names::className).toList());
        return GeneratedFile.of(cls.packageName(), type.build(), "the types of " + schemaName);
    }

    private static void addClassList(TypeSpec.Builder type, String name, String doc, List<ClassName> classes) {
        CodeBlock.Builder list = CodeBlock.builder();
        for (ClassName c : classes) {
            list.add(list.isEmpty() ? "$T.class" : ",\n$T.class", c);
        }
        type.addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, ANY_CLASS), name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc).initializer("$T.of(\n$>$L$<)", List.class, list.build()).build());
    }
}
