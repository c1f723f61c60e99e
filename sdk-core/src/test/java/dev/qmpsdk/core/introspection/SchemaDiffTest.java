package dev.qmpsdk.core.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.SchemaChange.Change;
import dev.qmpsdk.core.introspection.SchemaChange.Subject;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled 2.11.2 model against the real QEMU 7.2 answer, and against small simulated servers. */
class SchemaDiffTest {
    private static final ServerSchema MODEL = ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8), true);
    private static final SchemaDiff QEMU_72 = SchemaDiff.between(MODEL, ServerSchema.decode(Qemu72SchemaAnswer.load(), true));

    @Test
    void qemu72LacksQueryCpusAndAddsQueryCpusFastAndChangedMembers() {
        assertTrue(QEMU_72.contains(Subject.COMMAND, Change.MISSING, "query-cpus"), QEMU_72.toText());
        assertTrue(QEMU_72.contains(Subject.COMMAND, Change.ADDED, "query-cpus-fast"));
        assertTrue(QEMU_72.contains(Subject.MEMBER, Change.MISSING, "block-dirty-bitmap-add/arg-type/autoload"));
        assertTrue(QEMU_72.contains(Subject.ENUM_VALUE, Change.ADDED, "migrate-set-capabilities/arg-type/capabilities/capability/multifd"));
        assertTrue(QEMU_72.contains(Subject.ENUM_VALUE, Change.MISSING, "migrate-set-capabilities/arg-type/capabilities/capability/x-multifd"));
        assertTrue(QEMU_72.contains(Subject.COMMAND, Change.DEPRECATED, "drive-backup"));
        assertTrue(QEMU_72.contains(Subject.MEMBER, Change.DEPRECATED, "eject/arg-type/device"));
        assertTrue(QEMU_72.contains(Subject.EVENT, Change.DEPRECATED, "MEM_UNPLUG_ERROR"));
        assertEquals(16, QEMU_72.changes().stream().filter(c -> c.subject() == Subject.COMMAND && c.change() == Change.MISSING).count(),
                "2.11.2 commands 7.2 lacks: " + QEMU_72.changes(Change.MISSING));
    }

    @Test
    void theModelAgainstItselfHasNoDifference() {
        assertEquals(List.of(), SchemaDiff.between(MODEL, MODEL).changes());
    }

    @Test
    void optionalityTypeWideningAndVariantsAgainstASimulatedServer() {
        ServerSchema model = schema("""
                [{"name": "set-x", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
                 {"name": "0", "meta-type": "object", "members": [{"name": "a", "type": "str"}, {"name": "b", "type": "int", "default": null},
                   {"name": "mode", "type": "str"}, {"name": "target", "type": "2"}]},
                 {"name": "1", "meta-type": "object", "members": []},
                 {"name": "2", "meta-type": "object", "members": [{"name": "path", "type": "str"}]},
                 {"name": "str", "meta-type": "builtin", "json-type": "string"},
                 {"name": "int", "meta-type": "builtin", "json-type": "int"}]""");
        ServerSchema server = schema("""
                [{"name": "set-x", "meta-type": "command", "arg-type": "10", "ret-type": "11"},
                 {"name": "10", "meta-type": "object", "members": [{"name": "a", "type": "str", "default": null},
                   {"name": "b", "type": "int", "features": ["deprecated"]}, {"name": "mode", "type": "12"}, {"name": "target", "type": "13"}]},
                 {"name": "11", "meta-type": "object", "members": []},
                 {"name": "12", "meta-type": "enum", "values": ["fast"]},
                 {"name": "13", "meta-type": "alternate", "members": [{"type": "str"}, {"type": "14"}]},
                 {"name": "14", "meta-type": "object", "members": [{"name": "path", "type": "str"}, {"name": "node", "type": "str", "default": null}]},
                 {"name": "str", "meta-type": "builtin", "json-type": "string"},
                 {"name": "int", "meta-type": "builtin", "json-type": "int"}]""");
        SchemaDiff diff = SchemaDiff.between(model, server);
        assertEquals(List.of(
                "member set-x/arg-type/a: required in the model, optional on the server",
                "member set-x/arg-type/b: optional in the model, required by the server",
                "member set-x/arg-type/b: deprecated by the server",
                "member set-x/arg-type/mode: type changed (str -> enum)",
                "member set-x/arg-type/target: type changed (object -> alternate)",
                "member set-x/arg-type/target/node: only on the server"),
                diff.changes().stream().map(SchemaChange::toString).toList());
    }

    @Test
    void theJsonFormIsStable() throws Exception {
        JsonNode json = QapiJson.TREE_MAPPER.readTree(QEMU_72.toJson());
        assertEquals(QEMU_72.changes().size(), json.get("changes").size());
        JsonNode first = json.get("changes").get(0);
        assertEquals(QEMU_72.changes().get(0).path(), first.get("path").asText());
        JsonNode queryCpus = null;
        for (JsonNode change : json.get("changes")) {
            if (change.get("path").asText().equals("query-cpus")) {
                queryCpus = change;
            }
        }
        assertEquals("{\"subject\":\"command\",\"change\":\"missing\",\"path\":\"query-cpus\"}", String.valueOf(queryCpus));
        assertTrue(QEMU_72.toJson().contains("\"detail\" : \"str -> enum\""), "a widening carries its detail");
    }

    private static ServerSchema schema(String json) {
        return ServerSchema.decode(json.getBytes(StandardCharsets.UTF_8), true);
    }
}
