package dev.qmpsdk.reactive.qga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.reactive.qga.internal.QgaSessionClient;
import dev.qmpsdk.reactive.qga.testschema.TestGuestAgent;
import dev.qmpsdk.schema.gen.FrameworkNames;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A QGA schema's command methods share a namespace with the guest agent client's own methods (the generated client
 * extends {@link QgaConnection}): every public method of {@link QgaClient} and its implementation must be reserved,
 * so no command is generated under one of their names.
 */
class QgaFrameworkNamesTest {
    @Test
    void everyPublicMethodOfTheGuestAgentClientIsReserved() {
        Set<String> objectMethods = Arrays.stream(Object.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        Set<String> unreserved = new TreeSet<>();
        for (Class<?> type : Set.of(QgaClient.class, QgaSessionClient.class, TestGuestAgent.class)) {
            for (Method m : type.getMethods()) {
                boolean command = m.getDeclaringClass().getSimpleName().equals("QmpCommandsApi");
                // The generated client's own static factories (connect, of) are not inherited by implementations.
                boolean factory = java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == TestGuestAgent.class;
                if (!command && !factory && !objectMethods.contains(m.getName()) && !FrameworkNames.RESERVED.contains(m.getName())) {
                    unreserved.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(Set.of(), unreserved, "add them to FrameworkNames.RESERVED");
    }
}
