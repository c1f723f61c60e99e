package dev.qmpsdk.core.qapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.core.qapi.introspect.SchemaInfoObjectMember;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled {@code query-qmp-schema} answer for 2.11.2 ({@link QmpSchemaIntrospection}): it is what the
 * compiled model itself says a 2.11.2 QEMU returns, so it decodes strictly as the command's result, names
 * exactly the compiled commands and events, and is closed: every name it refers to is described once, and
 * nothing is described that no command or event reaches.
 */
class QmpSchemaIntrospectionTest {
    private static List<SchemaInfo> infos;
    private static Map<String, SchemaInfo> byName;

    @BeforeAll
    static void decodeStrictly() {
        QmpCodec strict = QmpCodec.of(QmpEvents.REGISTRY).withStrict(true);
        QmpReply reply = (QmpReply) strict.decodeMessage("{\"return\": " + QmpSchemaIntrospection.json() + ", \"id\": 1}");
        infos = strict.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, reply);
        assertNotNull(infos);
        byName = new HashMap<>();
        for (SchemaInfo info : infos) {
            if (byName.put(info.name(), info) != null) {
                fail("two entries named " + info.name());
            }
        }
    }

    @Test
    void listsExactlyTheCompiledCommandsAndEvents() {
        assertEquals(QmpSchemaIntrospection.ENTRIES, infos.size());
        assertEquals(new TreeSet<>(QmpCommands.ALL.stream().map(CommandDescriptor::name).toList()), names(SchemaInfo.Command.class));
        assertEquals(new TreeSet<>(QmpEvents.REGISTRY.names()), names(SchemaInfo.Event.class));
    }

    @Test
    void everyReferenceResolvesAndEveryEntryIsReachable() {
        Set<String> reached = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        infos.stream().filter(i -> i instanceof SchemaInfo.Command || i instanceof SchemaInfo.Event).forEach(i -> work.add(i.name()));
        while (!work.isEmpty()) {
            String name = work.poll();
            if (reached.add(name)) {
                for (String ref : references(byName.get(name))) {
                    if (!byName.containsKey(ref)) {
                        fail(name + " refers to " + ref + ", which no entry describes");
                    }
                    work.add(ref);
                }
            }
        }
        assertEquals(byName.keySet(), reached, "no entry is unreachable from the commands and events");
    }

    @Test
    void builtinsAreTheSixJsonTypesAndIntegersArePlainInt() {
        assertEquals(Set.of("str", "int", "number", "bool", "null", "any"), names(SchemaInfo.Builtin.class));
        SchemaInfo.Command setThreshold = (SchemaInfo.Command) byName.get("block-set-write-threshold");
        SchemaInfo.QapiObject args = (SchemaInfo.QapiObject) byName.get(setThreshold.data().argType());
        assertEquals("int", member(args, "write-threshold").type(), "'uint64' is plain int");
        assertTrue(infos.stream().noneMatch(i -> i.name().matches("\\[?u?int[0-9]+\\]?|\\[?size\\]?")), "no sized integer type is listed");
        assertEquals(1, infos.stream().filter(i -> i instanceof SchemaInfo.Array a && a.data().elementType().equals("int")).count(),
                "['uint16'], ['uint32'] and ['int'] are all [int]");
    }

    @Test
    void optionalMembersCarryDefaultNull() {
        SchemaInfo.Command queryName = (SchemaInfo.Command) byName.get("query-name");
        SchemaInfoObjectMember name = member((SchemaInfo.QapiObject) byName.get(queryName.data().retType()), "name");
        assertNotNull(name.default_(), "NameInfo's name is optional");
        assertTrue(name.default_().isNull());
    }

    private static SchemaInfoObjectMember member(SchemaInfo.QapiObject object, String name) {
        return object.data().members().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(object + " has no " + name));
    }

    @Test
    void queryStatusDescribesStatusInfo() {
        SchemaInfo.Command queryStatus = (SchemaInfo.Command) byName.get("query-status");
        SchemaInfo.QapiObject noArguments = assertInstanceOf(SchemaInfo.QapiObject.class, byName.get(queryStatus.data().argType()));
        assertEquals(List.of(), noArguments.data().members());
        SchemaInfo.QapiObject statusInfo = assertInstanceOf(SchemaInfo.QapiObject.class, byName.get(queryStatus.data().retType()));
        assertEquals(List.of("running", "singlestep", "status"), statusInfo.data().members().stream().map(SchemaInfoObjectMember::name).toList());
        SchemaInfo.QapiEnum runState = assertInstanceOf(SchemaInfo.QapiEnum.class, byName.get(statusInfo.data().members().get(2).type()));
        assertTrue(runState.data().values().contains("paused"), runState.data().values().toString());
    }

    private static Set<String> names(Class<? extends SchemaInfo> kind) {
        return infos.stream().filter(kind::isInstance).map(SchemaInfo::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> references(SchemaInfo info) {
        List<String> refs = new ArrayList<>();
        if (info instanceof SchemaInfo.Command c) {
            refs.add(c.data().argType());
            refs.add(c.data().retType());
        } else if (info instanceof SchemaInfo.Event e) {
            refs.add(e.data().argType());
        } else if (info instanceof SchemaInfo.Array a) {
            refs.add(a.data().elementType());
        } else if (info instanceof SchemaInfo.QapiObject o) {
            o.data().members().forEach(m -> refs.add(m.type()));
            o.data().variants().forEach(v -> refs.add(v.type()));
        } else if (info instanceof SchemaInfo.Alternate a) {
            a.data().members().forEach(m -> refs.add(m.type()));
        }
        return refs;
    }
}
