package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code query-qmp-schema} answer the generator computes: QEMU 2.11's rules on small schemas whose
 * exact output is spelled out, the golden file of the mini schema, and the invariants on every schema the
 * generator accepts (2.11.2, current syntax, 1.x syntax).
 */
class IntrospectionEmitterTest {
    private static final GoldenFiles GOLDEN_FILES = new GoldenFiles("expected-introspection");

    private static QapiSchema mini() {
        return QapiSchemaLoader.load(GoldenFiles.GOLDEN.resolve("mini-schema.json"));
    }

    @TestFactory
    Stream<DynamicTest> miniSchemaGivesTheGoldenFile() {
        return GOLDEN_FILES.compare(new JavaGenerator(mini(), "com.example.mini", "the mini test schema").generateIntrospection());
    }

    @Test
    void followsQemusOrderMaskingAndIntegerRules() {
        QapiSchema schema = QapiSchemaLoader.parse("t.json", """
                { 'enum': 'Color', 'data': [ 'red' ] }
                { 'struct': 'Pt', 'data': { 'x': 'int16', '*ys': [ 'uint8' ], 'c': 'Color' } }
                { 'struct': 'Unused', 'data': { 'u': 'number' } }
                { 'union': 'Thing', 'data': { 'pt': 'Pt', 'name': 'str' } }
                { 'command': 'b-cmd', 'data': { 't': 'Thing' } }
                { 'command': 'a-cmd', 'returns': [ 'Pt' ] }
                { 'event': 'Z_EVENT' }
                """, QapiSchemaLoader.Options.STRICT);
        // Entities sorted by name (uppercase first), then types in order of first use; an array is queued before
        // its element; the empty object stands in for missing arguments, results and event data.
        assertEquals("""
                [
                  {"name": "Z_EVENT", "meta-type": "event", "arg-type": "0"},
                  {"name": "a-cmd", "meta-type": "command", "arg-type": "0", "ret-type": "[1]"},
                  {"name": "b-cmd", "meta-type": "command", "arg-type": "2", "ret-type": "0"},
                  {"name": "0", "meta-type": "object", "members": []},
                  {"name": "[1]", "meta-type": "array", "element-type": "1"},
                  {"name": "1", "meta-type": "object", "members": [{"name": "x", "type": "int"}, {"name": "ys", "type": "[int]", "default": null}, {"name": "c", "type": "3"}]},
                  {"name": "2", "meta-type": "object", "members": [{"name": "t", "type": "4"}]},
                  {"name": "int", "meta-type": "builtin", "json-type": "int"},
                  {"name": "[int]", "meta-type": "array", "element-type": "int"},
                  {"name": "3", "meta-type": "enum", "values": ["red"]},
                  {"name": "4", "meta-type": "object", "members": [{"name": "type", "type": "5"}], "tag": "type", "variants": [{"case": "pt", "type": "6"}, {"case": "name", "type": "7"}]},
                  {"name": "5", "meta-type": "enum", "values": ["pt", "name"]},
                  {"name": "6", "meta-type": "object", "members": [{"name": "data", "type": "1"}]},
                  {"name": "7", "meta-type": "object", "members": [{"name": "data", "type": "str"}]},
                  {"name": "str", "meta-type": "builtin", "json-type": "string"}
                ]
                """, new IntrospectionEmitter(schema).json());
    }

    @Test
    void miniSchemaEntriesFollowTheRules() {
        Map<String, Map<String, Object>> byName = byName(new IntrospectionEmitter(mini()).entries());
        Map<String, Object> stop = byName.get("stop");
        String empty = (String) stop.get("arg-type");
        assertEquals(empty, stop.get("ret-type"));
        assertEquals(List.of(), byName.get(empty).get("members"));
        assertEquals(empty, byName.get("STOP").get("arg-type"));

        // draw is boxed: its arguments are the flat union Shape, base members first; 'dot' has no branch
        Map<String, Object> shape = byName.get((String) byName.get("draw").get("arg-type"));
        assertEquals("kind", shape.get("tag"));
        List<?> variants = (List<?>) shape.get("variants");
        assertEquals(3, variants.size());
        assertEquals(Map.of("case", "dot", "type", empty), variants.get(2));
        Map<?, ?> label = (Map<?, ?>) ((List<?>) shape.get("members")).get(1);
        assertEquals("label", label.get("name"));
        assertTrue(label.containsKey("default") && label.get("default") == null, "optional members carry default: null");

        Map<String, Object> limits = byName.get(((String) byName.get("query-limits").get("ret-type")).replaceAll("[\\[\\]]", ""));
        assertEquals("[{name=small, type=int}, {name=big, type=int, default=null}]",
                ((List<?>) limits.get("members")).subList(0, 2).toString(), "int8 and uint64 are plain int");
        // Address (a simple union) is used by no command or event, so it is not listed
        assertFalse(byName.values().stream().anyMatch(e -> String.valueOf(e.get("values")).contains("inet")));
    }

    @Test
    void nestedAnonymousStructsOf1xSyntaxAreObjects() {
        QapiSchema schema = QapiSchemaLoader.parse("t.json", """
                { 'type': 'VersionInfo', 'data': { 'qemu': { 'major': 'int', 'minor': 'int' }, 'package': 'str' } }
                { 'command': 'query-version', 'returns': 'VersionInfo' }
                """, QapiSchemaLoader.Options.LENIENT);
        List<Map<String, Object>> entries = new IntrospectionEmitter(schema).entries();
        IntrospectionInvariants.assertWellFormed(schema, entries);
        Map<String, Map<String, Object>> byName = byName(entries);
        Map<String, Object> version = byName.get((String) byName.get("query-version").get("ret-type"));
        String qemu = (String) ((Map<?, ?>) ((List<?>) version.get("members")).get(0)).get("type");
        assertEquals("[{name=major, type=int}, {name=minor, type=int}]", byName.get(qemu).get("members").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/golden/mini-schema.json", "/current/qapi-schema.json", "/current/codegen/qapi-schema.json"})
    void wellFormedForTestSchemas(String resource) throws URISyntaxException, IOException {
        assertWellFormedAndTextMatches(QapiSchemaLoader.load(Path.of(getClass().getResource(resource).toURI())));
    }

    @Test
    void wellFormedFor2112() throws IOException {
        QapiSchema schema = QapiSchemaLoader.load(Path.of("qapi", "qapi-schema.json"));
        assertWellFormedAndTextMatches(schema);
        assertEquals(672, new IntrospectionEmitter(schema).entries().size(), "156 commands, 37 events and 479 types");
    }

    private static void assertWellFormedAndTextMatches(QapiSchema schema) throws IOException {
        IntrospectionEmitter emitter = new IntrospectionEmitter(schema);
        List<Map<String, Object>> entries = emitter.entries();
        IntrospectionInvariants.assertWellFormed(schema, entries);
        assertEquals(entries, new ObjectMapper().readValue(emitter.json(), List.class), "the JSON text says what the entries say");
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> entries) {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        entries.forEach(e -> byName.put((String) e.get("name"), e));
        return byName;
    }
}
