package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A simulated VM answers {@code query-qmp-schema} with the compiled schema's introspection, typed end to end. */
class SimulatedVmSchemaTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void queryQmpSchemaListsTheCompiledCommandsAndEventsAndDecodesStrictly() {
        try (SimulatedVm vm = SimulatedVm.start("schema-1")) {
            // strict: a member, enum value or union branch the compiled SchemaInfo does not know would fail the command
            QmpClient client = QmpClient.connect(QmpClientOptions.unix(vm.socketPath()).strict(true).build()).block(T);
            assertNotNull(client);
            try {
                List<SchemaInfo> schema = client.queryQmpSchema().block(T);
                assertNotNull(schema);
                assertEquals(QmpSchemaIntrospection.ENTRIES, schema.size());
                assertEquals(new TreeSet<>(QmpCommands.ALL.stream().map(CommandDescriptor::name).toList()), names(schema, SchemaInfo.Command.class));
                assertEquals(new TreeSet<>(QmpEvents.REGISTRY.names()), names(schema, SchemaInfo.Event.class));

                SchemaShapes shapes = new SchemaShapes(schema);
                SchemaInfo.Command queryStatus = shapes.command("query-status");
                assertEquals("{}", shapes.of(queryStatus.data().argType()));
                assertEquals("{running: boolean, singlestep: boolean, status: enum}", shapes.of(queryStatus.data().retType()));
                // what the simulation answers fits what its own schema says
                assertTrue(shapes.enumValues(shapes.memberType(queryStatus.data().retType(), "status"))
                        .containsAll(List.of(vm.status(), "paused", "shutdown")));
            } finally {
                client.close().block(T);
            }
        }
    }

    private static Set<String> names(List<SchemaInfo> schema, Class<? extends SchemaInfo> kind) {
        return schema.stream().filter(kind::isInstance).map(SchemaInfo::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
