package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Emits {@code QmpCommandsApi}: one interface with one default method per command, each a thin typed wrapper
 * around the single abstract {@code execute(CommandDescriptor, arguments)} a client implements.
 *
 * <ul>
 *   <li>No arguments: {@code Mono<R> queryStatus()}.</li>
 *   <li>Arguments of an object type with a builder (implicit {@code <Command>Arguments} or a named struct):
 *       {@code name(Args)} and {@code name(Consumer<Args.Builder>)}; when every member is optional also
 *       {@code name()}, which sends no {@code arguments} member.</li>
 *   <li>Boxed union arguments: {@code name(Union)} only (a union has no builder of its own).</li>
 * </ul>
 *
 * <p>Return types are boxed ({@code Mono<Long>}, {@code Mono<List<T>>}, {@code Mono<JsonNode>}); a command
 * without a return value gives {@code Mono<Void>}. Method names are {@link FrameworkNames#methodName} of the
 * wire name (a name the framework takes, such as {@code close}, gets the suffix {@code Command}), clashes
 * between commands resolved in schema order by one {@link NameScope} in which every reserved name is taken.
 *
 * <p>The schema module does not depend on Reactor: {@code Mono} is written here as a class name.
 */
final class ReactiveApiEmitter {
    static final String API_CLASS = "QmpCommandsApi";
    static final String EXECUTE = "execute";
    static final ClassName MONO = ClassName.get("reactor.core.publisher", "Mono");
    private static final ClassName CONSUMER = ClassName.get(Consumer.class);
    private static final AnnotationSpec NULLABLE = AnnotationSpec.builder(Runtime.NULLABLE).build();

    private final NamePlan names;
    private final TypeMapper types;
    private final String schemaName;

    ReactiveApiEmitter(NamePlan names, TypeMapper types, String schemaName) {
        this.names = names;
        this.types = types;
        this.schemaName = schemaName;
    }

    /** Method names of the commands, in schema order. */
    static Map<Command, String> methodNames(List<Command> commands) {
        NameScope scope = new NameScope(false, FrameworkNames.RESERVED.toArray(String[]::new));
        Map<Command, String> out = new LinkedHashMap<>();
        for (Command c : commands) {
            out.put(c, scope.claim(FrameworkNames.methodName(c.name())));
        }
        return out;
    }

    JavaFile emit(String apiPackage, List<Command> commands) {
        ClassName api = ClassName.get(apiPackage, API_CLASS);
        ClassName commandsClass = names.commandsClass();
        TypeVariableName a = TypeVariableName.get("A");
        TypeVariableName r = TypeVariableName.get("R");
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(api).addModifiers(Modifier.PUBLIC)
                .addJavadoc("The commands of $L, one method per command.\n"
                        + "\n<p>Every method returns a cold {@code Mono}: nothing is sent until it is subscribed, and each\n"
                        + "subscription sends the command once more. A command without a return value completes empty.\n"
                        + "An implementation provides only {@link #execute}; the other methods are typed shortcuts for\n"
                        + "the descriptors of {@link $T}.\n"
                        + "\n<pre>{@code\nclient.queryStatus().map(StatusInfo::running)\n}</pre>\n", schemaName, commandsClass)
                .addMethod(MethodSpec.methodBuilder(EXECUTE).addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                        .addTypeVariable(a).addTypeVariable(r)
                        .returns(ParameterizedTypeName.get(MONO, r))
                        .addParameter(ParameterizedTypeName.get(Runtime.COMMAND_DESCRIPTOR, a, r), "command")
                        .addParameter(a.annotated(NULLABLE), "arguments")
                        .addJavadoc("Runs any command by descriptor (one of {@link $T}, or one built by hand); the other methods\n"
                                + "of this interface all end here.\n"
                                + "\n@param command what to run\n@param arguments the arguments, or null to send none\n"
                                + "@return a cold {@code Mono} of the command's return value; empty for commands without one\n",
                                commandsClass)
                        .build());
        for (Map.Entry<Command, String> e : methodNames(commands).entrySet()) {
            addCommand(type, e.getKey(), e.getValue(), commandsClass);
        }
        return GeneratedFile.of(apiPackage, type.build(), "the commands of " + schemaName);
    }

    private void addCommand(TypeSpec.Builder type, Command c, String method, ClassName commandsClass) {
        TypeName result = c.returns() == null ? ClassName.get(Void.class) : types.boxed(c.returns());
        TypeName mono = ParameterizedTypeName.get(MONO, result);
        String constant = names.commandConstant(c);
        String doc = Javadocs.forDefinition(c.info().doc(), "Command " + c.name() + ".") + Javadocs.availability(c.info())
                + "\n<p>Sends {@code " + c.name() + "}.\n";
        String returnDoc = c.returns() == null
                ? "@return a cold {@code Mono} that completes empty when the command succeeds\n"
                : "@return a cold {@code Mono} of the command's return value\n";
        ObjectType args = c.arguments();
        if (args == null) {
            type.addMethod(method(method, c, mono, doc + "\n" + returnDoc)
                    .addStatement("return $L($T.$L, null)", EXECUTE, commandsClass, constant).build());
            return;
        }
        TypeName argsType = types.required(args);
        String membersDoc = args.isUnion() ? "" : membersDoc(args.members());
        type.addMethod(method(method, c, mono, doc + membersDoc + "\n@param arguments the arguments\n" + returnDoc)
                .addParameter(argsType, "arguments")
                .addStatement("return $L($T.$L, arguments)", EXECUTE, commandsClass, constant).build());
        if (args.isUnion()) {
            return;
        }
        ClassName argsClass = (ClassName) argsType;
        // The overloads repeat only the summary and point at the main one ($T keeps the link's import right).
        String summary = Javadocs.forDefinition(c.info().doc(), "Command " + c.name() + ".").split("\n\n", 2)[0].strip();
        type.addMethod(method(method, c, mono, CodeBlock.of("$L\n\n<p>Sends {@code $L} with the arguments built by {@code arguments}:"
                        + " the same as {@link #$L($T)} with {@code $T.of(arguments)}.\n\n@param arguments fills in the arguments' builder\n$L",
                        summary, c.name(), method, argsClass, argsClass, returnDoc))
                .addParameter(ParameterizedTypeName.get(CONSUMER, argsClass.nestedClass("Builder")), "arguments")
                .addStatement("return $L($T.of(arguments))", method, argsClass).build());
        if (args.members().stream().allMatch(Member::optional)) {
            type.addMethod(method(method, c, mono, CodeBlock.of("$L\n\n<p>Sends {@code $L} without an {@code arguments} member (every"
                            + " argument is optional); see {@link #$L($T)}.\n\n$L", summary, c.name(), method, argsClass, returnDoc))
                    .addStatement("return $L($T.$L, null)", EXECUTE, commandsClass, constant).build());
        }
    }

    private static MethodSpec.Builder method(String name, Command c, TypeName returns, String javadoc) {
        return method(name, c, returns, CodeBlock.of("$L", javadoc));
    }

    private static MethodSpec.Builder method(String name, Command c, TypeName returns, CodeBlock javadoc) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.DEFAULT)
                .returns(returns).addJavadoc(javadoc);
        if (c.info().isDeprecated()) {
            m.addAnnotation(Deprecated.class);
        }
        return m;
    }

    /** The argument members as a list: wire name, optional or not, description. */
    private static String membersDoc(List<Member> members) {
        if (members.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n<p>Arguments:\n<ul>\n");
        for (Member m : members) {
            sb.append("  <li>{@code ").append(m.name()).append('}');
            if (m.optional()) {
                sb.append(" (optional)");
            }
            if (m.isDeprecated()) {
                sb.append(" (deprecated)");
            }
            String text = Javadocs.forMember(m.doc()).strip();
            if (!text.isEmpty()) {
                sb.append(": ").append(text);
            }
            sb.append("</li>\n");
        }
        return sb.append("</ul>\n").toString();
    }
}
