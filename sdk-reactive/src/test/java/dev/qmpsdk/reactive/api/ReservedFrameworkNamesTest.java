package dev.qmpsdk.reactive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.internal.FleetVmClient;
import dev.qmpsdk.reactive.internal.SessionClient;
import dev.qmpsdk.schema.gen.FrameworkNames;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generator must never give a command a name the hand-written client uses: every public method (static ones
 * included) of {@link QmpClient} (with {@code QmpConnection} and {@code Disposable}, which it extends) and of the
 * classes behind it (a single connection, a fleet's VM) is in {@link FrameworkNames#RESERVED}, so adding a framework
 * method without reserving it fails here, naming it.
 */
class ReservedFrameworkNamesTest {
    /** The hand-written types that implement the generated API: the interface users hold and its implementations. */
    private static final Set<Class<?>> IMPLEMENTATIONS = Set.of(QmpClient.class, SessionClient.class, FleetVmClient.class);

    @Test
    void everyPublicMethodOfAnImplementationIsReserved() {
        Set<String> generated = Arrays.stream(QmpCommandsApi.class.getDeclaredMethods())
                .filter(Method::isDefault).map(Method::getName).collect(Collectors.toSet());
        Set<String> objectMethods = Arrays.stream(Object.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        Set<String> unreserved = new TreeSet<>();
        for (Class<?> implementation : IMPLEMENTATIONS) {
            assertTrue(QmpCommandsApi.class.isAssignableFrom(implementation), implementation + " implements QmpCommandsApi");
            for (Method m : implementation.getMethods()) {
                String name = m.getName();
                boolean generatedCommand = generated.contains(name) && m.getDeclaringClass() == QmpCommandsApi.class;
                if (!generatedCommand && !objectMethods.contains(name) && !FrameworkNames.RESERVED.contains(name)) {
                    unreserved.add(implementation.getSimpleName() + "." + name);
                }
            }
        }
        assertEquals(Set.of(), unreserved, "public methods missing from FrameworkNames.RESERVED (a command could be generated "
                + "with their name): add them there");
    }

    @Test
    void noGeneratedCommandMethodHasAReservedName() {
        Set<String> clashing = Arrays.stream(QmpCommandsApi.class.getDeclaredMethods())
                .filter(Method::isDefault).map(Method::getName).filter(FrameworkNames.RESERVED::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), clashing);
    }
}
