package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Emits the typed client of a user's schema: {@code interface <Name> extends QmpConnection, <pkg>.QmpCommandsApi}
 * with {@code static Mono<Name> connect(QmpClientOptions)} (connects with the schema's own event registry) and
 * {@code static Name of(QmpConnection)} (gives any connection the schema's command methods by delegation), so a
 * user never writes a forwarding class around the generated command API (a lambda cannot implement it: its
 * {@code execute} is generic).
 *
 * <p>The delegating implementation forwards exactly the methods of {@code dev.qmpsdk.reactive.QmpConnection},
 * listed in {@link #CONNECTION_METHODS}; every one of their names is in {@link FrameworkNames#RESERVED}, so no
 * command method can hide one. The only code that names {@code QmpClient}/{@code QmpClientOptions} is
 * {@link #connectMethod}.
 */
final class TypedClientEmitter {
    static final String REACTIVE = "dev.qmpsdk.reactive";
    static final ClassName CONNECTION = ClassName.get(REACTIVE, "QmpConnection");
    private static final ClassName CLIENT = ClassName.get(REACTIVE, "QmpClient");
    private static final ClassName CLIENT_OPTIONS = ClassName.get(REACTIVE, "QmpClientOptions");
    private static final ClassName CONNECTION_STATE = ClassName.get(REACTIVE, "ConnectionState");
    private static final ClassName CLIENT_STATS = ClassName.get(REACTIVE, "QmpClientStats");
    private static final ClassName FD_SOURCE = ClassName.get(REACTIVE, "FdSource");
    private static final ClassName GREETING = ClassName.get(Runtime.PROTOCOL, "QmpGreeting");
    private static final ClassName SERVER_SCHEMA = ClassName.get("dev.qmpsdk.core.introspection", "ServerSchema");
    private static final ClassName FLUX = ClassName.get("reactor.core.publisher", "Flux");
    private static final ClassName MONO = ReactiveApiEmitter.MONO;
    private static final AnnotationSpec NULLABLE = AnnotationSpec.builder(Runtime.NULLABLE).build();

    /** The names of {@code QmpConnection}'s methods (and its {@code Disposable}'s), all forwarded by {@code of}. */
    static final Set<String> CONNECTION_METHODS = Set.of(
            "execute", "executeRaw", "events", "states", "state", "greeting", "serverSchema", "stats", "close", "dispose", "isDisposed",
            "executeWithFd", "executeRawWithFd", "executeRawOob");

    static final String QGA = REACTIVE + ".qga";
    static final ClassName QGA_CONNECTION = ClassName.get(QGA, "QgaConnection");
    private static final ClassName QGA_CLIENT = ClassName.get(QGA, "QgaClient");
    private static final ClassName QGA_CLIENT_OPTIONS = ClassName.get(QGA, "QgaClientOptions");
    private static final ClassName QGA_STATE = ClassName.get(QGA, "QgaState");

    /** The names of {@code QgaConnection}'s methods (and its {@code Disposable}'s): a subset of {@link #CONNECTION_METHODS}. */
    static final Set<String> QGA_CONNECTION_METHODS = Set.of(
            "execute", "executeRaw", "states", "state", "close", "dispose", "isDisposed");

    /** Static members of the client beside the inherited command methods. */
    static final Set<String> STATIC_METHODS = Set.of("connect", "of");

    private final NamePlan names;
    private final String schemaName;

    TypedClientEmitter(NamePlan names, String schemaName) {
        this.names = names;
        this.schemaName = schemaName;
        for (String name : CONNECTION_METHODS) {
            if (!FrameworkNames.RESERVED.contains(name)) {
                throw new IllegalStateException(name + " of QmpConnection is not in FrameworkNames.RESERVED");
            }
        }
    }

    /** {@code <apiPackage>.<clientName>} over {@code <apiPackage>.QmpCommandsApi} of these commands. */
    JavaFile emit(String apiPackage, String clientName, List<Command> commands) {
        ClassName client = ClassName.get(apiPackage, clientName);
        ClassName api = ClassName.get(apiPackage, ReactiveApiEmitter.API_CLASS);
        TypeSpec type = TypeSpec.interfaceBuilder(client).addModifiers(Modifier.PUBLIC)
                .addSuperinterface(CONNECTION).addSuperinterface(api)
                .addJavadoc("A QMP connection with the typed commands of $L:\n"
                        + "every method of {@link $T}, one method per command ({@link $T}),\n"
                        + "and events decoded into the classes of {@link $T#REGISTRY}.\n"
                        + "\n<pre>{@code\n"
                        + "$L qmp = $L.connect(QmpClientOptions.unix(Path.of(\"/run/vm1.qmp\")).build()).block();\n"
                        + "qmp.$L().block();   // one method per command of this schema\n"
                        + "qmp.close().block();\n"
                        + "}</pre>\n",
                        schemaName, CONNECTION, api, names.eventsClass(), clientName, clientName, exampleCommand(commands))
                .addMethod(connectMethod(client))
                .addMethod(ofMethod(client))
                .build();
        return GeneratedFile.of(apiPackage, type, "the typed client of " + schemaName);
    }

    /**
     * The guest agent's typed client: {@code interface <Name> extends QgaConnection, <pkg>.QmpCommandsApi} with
     * {@code static Mono<Name> connect(QgaClientOptions)} and {@code static Name of(QgaConnection)}. A QGA schema has no
     * events, so there is no registry to wire in.
     */
    JavaFile emitGuestAgent(String apiPackage, String clientName, List<Command> commands) {
        ClassName client = ClassName.get(apiPackage, clientName);
        ClassName api = ClassName.get(apiPackage, ReactiveApiEmitter.API_CLASS);
        TypeSpec.Builder delegate = TypeSpec.anonymousClassBuilder("").addSuperinterface(client);
        for (MethodSpec m : guestAgentForwarders()) {
            delegate.addMethod(m);
        }
        delegate.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return $S + connection", client.simpleName() + " over ").build());
        MethodSpec of = MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(client)
                .addParameter(QGA_CONNECTION, "connection")
                .addJavadoc("Gives a guest agent connection the typed commands of this schema; every other call goes to\n"
                        + "{@code connection} itself, and closing either closes it.\n"
                        + "\n@param connection a guest agent connection (returned as it is when it already is a {@code $L})\n"
                        + "@return the same connection with this schema's command methods\n", client.simpleName())
                .addStatement("$T.requireNonNull(connection, $S)", Objects.class, "connection")
                .beginControlFlow("if (connection instanceof $T typed)", client)
                .addStatement("return typed")
                .endControlFlow()
                .addStatement("return $L", delegate.build())
                .build();
        MethodSpec connect = MethodSpec.methodBuilder("connect").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(MONO, client))
                .addParameter(QGA_CLIENT_OPTIONS, "options")
                .addJavadoc("Waits for the guest agent at {@code options.address()} (up to its ready timeout) and synchronises with it.\n"
                        + "\n@param options where the agent listens and how long to wait for it\n"
                        + "@return a cold {@code Mono} that connects on subscribe and emits the client once the agent answered\n")
                .addStatement("return $T.connect(options).map($T::of)", QGA_CLIENT, client)
                .build();
        TypeSpec type = TypeSpec.interfaceBuilder(client).addModifiers(Modifier.PUBLIC)
                .addSuperinterface(QGA_CONNECTION).addSuperinterface(api)
                .addJavadoc("A QEMU guest agent connection with the typed commands of $L:\n"
                        + "every method of {@link $T} and one method per command ({@link $T}).\n"
                        + "\n<pre>{@code\n"
                        + "$L agent = $L.connect(QgaClientOptions.unix(Path.of(\"/run/vm1-qga.sock\")).build()).block();\n"
                        + "agent.$L().block();   // one method per command of this schema\n"
                        + "agent.close().block();\n"
                        + "}</pre>\n",
                        schemaName, QGA_CONNECTION, api, clientName, clientName, exampleCommand(commands))
                .addMethod(connect)
                .addMethod(of)
                .build();
        return GeneratedFile.of(apiPackage, type, "the typed guest agent client of " + schemaName);
    }

    /** One forwarding method per method of {@code QgaConnection}. */
    private static List<MethodSpec> guestAgentForwarders() {
        Execute x = new Execute();
        List<MethodSpec> out = x.forwarders();
        out.add(forward("states", ParameterizedTypeName.get(FLUX, QGA_STATE), List.of()));
        out.add(forward("state", QGA_STATE, List.of()));
        out.addAll(lifecycleForwarders());
        return out;
    }

    /** The parameters and results of the execute methods both connection kinds have. */
    private static final class Execute {
        final TypeVariableName a = TypeVariableName.get("A");
        final TypeVariableName r = TypeVariableName.get("R");
        final ParameterSpec command = ParameterSpec.builder(ParameterizedTypeName.get(Runtime.COMMAND_DESCRIPTOR, a, r), "command").build();
        final ParameterSpec arguments = ParameterSpec.builder(a.annotated(NULLABLE), "arguments").build();
        final ParameterSpec name = ParameterSpec.builder(String.class, "command").build();
        final ParameterSpec json = ParameterSpec.builder(Runtime.JSON_NODE.annotated(NULLABLE), "arguments").build();
        final TypeName monoR = ParameterizedTypeName.get(MONO, r);
        final TypeName monoJson = ParameterizedTypeName.get(MONO, Runtime.JSON_NODE);

        /** {@code execute} and {@code executeRaw}, each with and without a timeout. */
        List<MethodSpec> forwarders() {
            ParameterSpec timeout = ParameterSpec.builder(Duration.class, "timeout").build();
            List<MethodSpec> out = new ArrayList<>();
            out.add(forward("execute", monoR, List.of(a, r), command, arguments));
            out.add(forward("execute", monoR, List.of(a, r), command, arguments, timeout));
            out.add(forward("executeRaw", monoJson, List.of(), name, json));
            out.add(forward("executeRaw", monoJson, List.of(), name, json, timeout));
            return out;
        }
    }

    /** {@code close}, {@code dispose} and {@code isDisposed}, which both connection kinds have. */
    private static List<MethodSpec> lifecycleForwarders() {
        return List.of(forward("close", ParameterizedTypeName.get(MONO, ClassName.get(Void.class)), List.of()),
                forward("dispose", TypeName.VOID, List.of()),
                forward("isDisposed", TypeName.BOOLEAN, List.of()));
    }

    /**
     * Kotlin: {@code <Client>.coroutines()}, the generated {@code QmpCoroutineCommands} (of the same schema, in
     * {@code kotlinPackage}) over a typed client, so Kotlin users write no implementation of it either. An
     * extension, not a member: the Java client cannot name Kotlin types. Keyed by path relative to the source root.
     */
    Map<String, String> emitKotlin(String apiPackage, String clientName, String kotlinPackage, List<Command> commands) {
        String api = KotlinApiEmitter.COMMANDS_INTERFACE;
        String text = "// Generated by the qmp-sdk QAPI code generator: the suspend commands of " + schemaName + " on "
                + clientName + ". Do not edit.\n"
                + "package " + kotlinPackage + "\n\n"
                + "import " + apiPackage + "." + clientName + "\n\n"
                + "/**\n"
                + " * The commands of " + schemaName + " as `suspend` functions on this client (events and the rest stay on the\n"
                + " * client itself).\n"
                + " *\n"
                + " * ```\n"
                + " * val answer = client.coroutines()." + exampleCommand(commands) + "()\n"
                + " * ```\n"
                + " */\n"
                + "public fun " + clientName + ".coroutines(): " + api + " = " + clientName + "Coroutines(this)\n\n"
                + "private class " + clientName + "Coroutines(override val reactive: " + clientName + ") : " + api + " {\n"
                + "    override fun toString(): String = \"" + api + " over $reactive\"\n"
                + "}\n";
        return Map.of(kotlinPackage.replace('.', '/') + "/" + clientName + "Coroutines.kt", text);
    }

    /** The method of the first command that can be sent without arguments, for the example. */
    private static String exampleCommand(List<Command> commands) {
        for (Map.Entry<Command, String> e : ReactiveApiEmitter.methodNames(commands).entrySet()) {
            ObjectType args = e.getKey().arguments();
            if (args == null || (!args.isUnion() && args.members().stream().allMatch(Member::optional))) {
                return e.getValue();
            }
        }
        return "stats";
    }

    /** The one place that names the concrete client and its configuration. */
    private MethodSpec connectMethod(ClassName client) {
        return MethodSpec.methodBuilder("connect").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(MONO, client))
                .addParameter(CLIENT_OPTIONS, "options")
                .addJavadoc("Connects to a QMP monitor with this schema's events ({@link $T#REGISTRY}) in place of the\n"
                        + "configured event types; the rest of {@code options} (address, deadlines, buffers) applies as given.\n"
                        + "\n@param options where and how to connect\n"
                        + "@return a cold {@code Mono} that connects on subscribe and emits the client once the monitor is ready\n",
                        names.eventsClass())
                .addStatement("return $T.connect(options.mutate().eventTypes($T.REGISTRY).build()).map($T::of)", CLIENT, names.eventsClass(), client)
                .build();
    }

    private MethodSpec ofMethod(ClassName client) {
        TypeSpec.Builder delegate = TypeSpec.anonymousClassBuilder("").addSuperinterface(client);
        for (MethodSpec m : forwarders()) {
            delegate.addMethod(m);
        }
        delegate.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return $S + connection", client.simpleName() + " over ").build());
        return MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(client)
                .addParameter(CONNECTION, "connection")
                .addJavadoc("Gives a connection the typed commands of this schema; every other call goes to {@code connection}\n"
                        + "itself, and closing either closes it. Events decode with the registry the connection was made\n"
                        + "with: use {@link #connect}, or make it with {@link $T#REGISTRY}, for this schema's event classes.\n"
                        + "\n@param connection an open connection (returned as it is when it already is a {@code $L})\n"
                        + "@return the same connection with this schema's command methods\n", names.eventsClass(), client.simpleName())
                .addStatement("$T.requireNonNull(connection, $S)", Objects.class, "connection")
                .beginControlFlow("if (connection instanceof $T typed)", client)
                .addStatement("return typed")
                .endControlFlow()
                .addStatement("return $L", delegate.build())
                .build();
    }

    /** One forwarding method per method of {@code QmpConnection}. */
    private static List<MethodSpec> forwarders() {
        Execute x = new Execute();
        TypeVariableName e = TypeVariableName.get("E", Runtime.QMP_EVENT);
        List<MethodSpec> out = x.forwarders();
        ParameterSpec fd = ParameterSpec.builder(FD_SOURCE, "fd").build();
        out.add(forward("executeWithFd", x.monoR, List.of(x.a, x.r), x.command, x.arguments, fd));
        out.add(forward("executeRawWithFd", x.monoJson, List.of(), x.name, x.json, fd));
        out.add(forward("executeRawOob", x.monoJson, List.of(), x.name, x.json));
        out.add(forward("events", ParameterizedTypeName.get(FLUX, Runtime.QMP_EVENT), List.of()));
        out.add(forward("events", ParameterizedTypeName.get(FLUX, e), List.of(e),
                ParameterSpec.builder(ParameterizedTypeName.get(ClassName.get(Class.class), e), "type").build()));
        out.add(forward("states", ParameterizedTypeName.get(FLUX, CONNECTION_STATE), List.of()));
        out.add(forward("state", CONNECTION_STATE, List.of()));
        out.add(forward("greeting", GREETING.annotated(NULLABLE), List.of()));
        out.add(forward("serverSchema", ParameterizedTypeName.get(MONO, SERVER_SCHEMA), List.of()));
        out.add(forward("stats", CLIENT_STATS, List.of()));
        out.addAll(lifecycleForwarders());
        return out;
    }

    private static MethodSpec forward(String method, TypeName returns, List<TypeVariableName> typeVariables, ParameterSpec... parameters) {
        if (!CONNECTION_METHODS.contains(method)) {
            throw new IllegalStateException(method + " is not listed in CONNECTION_METHODS");
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder(method).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addTypeVariables(typeVariables).returns(returns);
        List<String> args = new ArrayList<>();
        for (ParameterSpec p : parameters) {
            m.addParameter(p);
            args.add(p.name());
        }
        CodeBlock call = CodeBlock.of("connection.$L($L)", method, String.join(", ", args));
        return (returns.equals(TypeName.VOID) ? m.addStatement("$L", call) : m.addStatement("return $L", call)).build();
    }
}
