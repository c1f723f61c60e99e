package dev.qmpsdk.reactive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.blockcore.BlockdevOptions;
import dev.qmpsdk.core.qapi.blockcore.QueryBlockstatsArguments;
import dev.qmpsdk.core.qapi.misc.HumanMonitorCommandArguments;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The generated {@link QmpCommandsApi}: one method per command of 2.11.2, each a typed call of {@code execute}. */
class QmpCommandsApiTest {
    /** Records what the default methods pass to {@code execute}. */
    private static final class Recorder implements QmpCommandsApi {
        final List<CommandDescriptor<?, ?>> commands = new ArrayList<>();
        final List<@Nullable Object> arguments = new ArrayList<>();

        @Override
        public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A args) {
            commands.add(command);
            arguments.add(args);
            return Mono.empty();
        }

        CommandDescriptor<?, ?> lastCommand() {
            return commands.get(commands.size() - 1);
        }

        @Nullable Object lastArguments() {
            return arguments.get(arguments.size() - 1);
        }
    }

    private static List<Method> commandMethods() {
        List<Method> out = new ArrayList<>();
        for (Method m : QmpCommandsApi.class.getDeclaredMethods()) {
            if (!m.getName().equals("execute") && !m.isSynthetic()) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void executeIsTheOnlyAbstractMethod() {
        List<String> abstracts = new ArrayList<>();
        for (Method m : QmpCommandsApi.class.getDeclaredMethods()) {
            if (Modifier.isAbstract(m.getModifiers())) {
                abstracts.add(m.getName());
            }
        }
        assertEquals(List.of("execute"), abstracts);
    }

    /**
     * Calls every method that takes no argument or the argument object (with null, which the default methods pass
     * through untouched) and checks that together they reach every descriptor of {@code QmpCommands.ALL}, with an
     * argument type and a {@code Mono} element type that match the descriptor.
     */
    @Test
    void hasAMonoMethodForEveryCommand() throws Exception {
        assertEquals(156, QmpCommands.ALL.size());
        Recorder api = new Recorder();
        Map<CommandDescriptor<?, ?>, Method> reached = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Method m : commandMethods()) {
            assertTrue(m.isDefault(), m + " is a default method");
            assertEquals(Mono.class, m.getReturnType(), m + " returns Mono");
            names.add(m.getName());
            if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Consumer.class) {
                continue;
            }
            Object result = m.getParameterCount() == 0 ? m.invoke(api) : m.invoke(api, (Object) null);
            assertNotNull(result, m + " returned null");
            CommandDescriptor<?, ?> d = api.lastCommand();
            if (m.getParameterCount() == 1) {
                assertEquals(d.argumentsType(), m.getParameterTypes()[0], m + " takes the arguments type of " + d);
                reached.put(d, m);
            } else {
                reached.putIfAbsent(d, m);
            }
            assertEquals(expectedElementType(d), elementType(m), m + " returns the result type of " + d);
        }
        assertEquals(new HashSet<>(QmpCommands.ALL), reached.keySet(), "commands with a method");
        assertEquals(QmpCommands.ALL.size(), names.size(), "one method name per command");
    }

    @Test
    void commandsWithoutArgumentsPassNone() throws Exception {
        Recorder api = new Recorder();
        api.queryStatus().block();
        assertSame(QmpCommands.QUERY_STATUS, api.lastCommand());
        assertNull(api.lastArguments());
        api.stop();
        assertSame(QmpCommands.STOP, api.lastCommand());
        assertNull(api.lastArguments());
        assertEquals(Void.class, ((ParameterizedType) QmpCommandsApi.class.getMethod("stop").getGenericReturnType())
                .getActualTypeArguments()[0]);
    }

    @Test
    void passesTheArgumentObject() {
        Recorder api = new Recorder();
        HumanMonitorCommandArguments args = HumanMonitorCommandArguments.of(b -> b.commandLine("info kvm"));
        Mono<String> reply = api.humanMonitorCommand(args);
        assertNull(reply.block());
        assertSame(QmpCommands.HUMAN_MONITOR_COMMAND, api.lastCommand());
        assertSame(args, api.lastArguments());
    }

    @Test
    void theConsumerOverloadBuildsTheArguments() {
        Recorder api = new Recorder();
        api.humanMonitorCommand(b -> b.commandLine("info kvm").cpuIndex(1L));
        assertSame(QmpCommands.HUMAN_MONITOR_COMMAND, api.lastCommand());
        assertEquals(HumanMonitorCommandArguments.of(b -> b.commandLine("info kvm").cpuIndex(1L)), api.lastArguments());
    }

    @Test
    void allOptionalArgumentsAlsoHaveANoArgumentOverloadThatSendsNone() {
        Recorder api = new Recorder();
        api.queryBlockstats();
        assertSame(QmpCommands.QUERY_BLOCKSTATS, api.lastCommand());
        assertNull(api.lastArguments());
        api.queryBlockstats(b -> b.queryNodes(true));
        assertEquals(QueryBlockstatsArguments.of(b -> b.queryNodes(true)), api.lastArguments());
    }

    @Test
    void boxedUnionArgumentsArePassedAsTheUnion() throws Exception {
        Recorder api = new Recorder();
        BlockdevOptions options = BlockdevOptions.NullCo.of(b -> b.nodeName("n0"));
        api.blockdevAdd(options);
        assertSame(QmpCommands.BLOCKDEV_ADD, api.lastCommand());
        assertSame(options, api.lastArguments());
        // A union has no builder of its own, so there is no Consumer overload.
        for (Method m : commandMethods()) {
            if (m.getName().equals("blockdevAdd")) {
                assertEquals(List.of(BlockdevOptions.class), List.of(m.getParameterTypes()));
            }
        }
    }

    /** The element type of the method's {@code Mono}, as {@code CommandDescriptor.returnTypeName()} writes it. */
    private static String elementType(Method m) {
        Type t = ((ParameterizedType) m.getGenericReturnType()).getActualTypeArguments()[0];
        return render(t);
    }

    private static String render(Type t) {
        if (t instanceof Class<?> c) {
            return c.getSimpleName();
        }
        ParameterizedType p = (ParameterizedType) t;
        List<String> args = new ArrayList<>();
        for (Type a : p.getActualTypeArguments()) {
            args.add(render(a));
        }
        return ((Class<?>) p.getRawType()).getSimpleName() + "<" + String.join(", ", args) + ">";
    }

    private static String expectedElementType(CommandDescriptor<?, ?> d) {
        return switch (d.returnTypeName()) {
            case "void" -> "Void";
            case "long" -> "Long";
            case "int" -> "Integer";
            case "double" -> "Double";
            case "boolean" -> "Boolean";
            default -> d.returnTypeName();
        };
    }
}
