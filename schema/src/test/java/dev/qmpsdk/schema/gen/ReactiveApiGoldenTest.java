package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-file tests for the reactive command API: {@code QmpCommandsApi} generated from
 * {@code golden/mini-schema.json} must equal the files under {@code golden/expected-reactive/}. Regenerate
 * them after an intended change with
 * {@code ./mvnw -pl schema test -Dtest=ReactiveApiGoldenTest -Dqmpsdk.updateGolden=true} and review the diff.
 */
class ReactiveApiGoldenTest {
    private static final Path GOLDEN = GoldenFiles.GOLDEN;
    private static final GoldenFiles GOLDEN_FILES = new GoldenFiles("expected-reactive");

    private static Map<String, String> generate() {
        QapiSchema schema = QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json"));
        return new JavaGenerator(schema, "com.example.mini", "the mini test schema").generateReactiveApi("com.example.mini.api");
    }

    @TestFactory
    Stream<DynamicTest> generatesTheGoldenFiles() {
        return GOLDEN_FILES.compare(generate());
    }

    @Test
    void generatesNoFileMoreOrLess() throws IOException {
        GOLDEN_FILES.assertSameFileSet(generate());
    }

    @Test
    void reservesExecuteAndResolvesClashesInSchemaOrder() {
        QapiSchema schema = QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json"));
        Map<?, String> names = ReactiveApiEmitter.methodNames(schema.commands());
        assertEquals(List.of("stop", "queryLimits", "draw"), List.copyOf(names.values()));
    }

    @Test
    void commandsNamedLikeFrameworkMethodsGetTheCommandSuffix(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("clash.json");
        java.nio.file.Files.writeString(file, """
                { 'command': 'close' }
                { 'command': 'events', 'data': { 'name': 'str' } }
                { 'command': 'stats', 'returns': 'int' }
                { 'command': 'execute' }
                { 'command': 'close-command' }
                { 'command': 'query-status' }
                """);
        QapiSchema schema = QapiSchemaLoader.load(file);
        Map<?, String> names = ReactiveApiEmitter.methodNames(schema.commands());
        assertEquals(List.of("closeCommand", "eventsCommand", "statsCommand", "executeCommand", "closeCommand2", "queryStatus"),
                List.copyOf(names.values()));
        for (String name : names.values()) {
            assertFalse(FrameworkNames.RESERVED.contains(name), name + " is a framework method name");
        }
        String api = new JavaGenerator(schema, "com.example.clash", "a clashing schema").generateReactiveApi("com.example.clash.api")
                .get("com/example/clash/api/QmpCommandsApi.java");
        org.junit.jupiter.api.Assertions.assertTrue(api.contains("default Mono<Void> closeCommand()"), api);
        org.junit.jupiter.api.Assertions.assertTrue(api.contains("default Mono<Long> statsCommand()"), api);
    }

    /** The test schemas in current QEMU syntax ({@code if}, features, boxed unions, {@code 'gen': false}). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/current/qapi-schema.json", "/current/codegen/qapi-schema.json"})
    void coversEveryCommandOfACurrentSchema(String resource) throws Exception {
        QapiSchema schema = QapiSchemaLoader.load(Path.of(ReactiveApiGoldenTest.class.getResource(resource).toURI()));
        String api = new JavaGenerator(schema, "com.example.current", "the current schema").generateReactiveApi("com.example.current.api")
                .get("com/example/current/api/QmpCommandsApi.java");
        Map<dev.qmpsdk.schema.model.Command, String> names = ReactiveApiEmitter.methodNames(schema.commands());
        assertEquals(schema.commands().size(), new java.util.HashSet<>(names.values()).size());
        int deprecated = 0;
        for (Map.Entry<dev.qmpsdk.schema.model.Command, String> e : names.entrySet()) {
            String annotation = e.getKey().info().isDeprecated() ? "@Deprecated\\n" : "";
            if (!e.getKey().info().isDeprecated() && api.contains("@Deprecated\n    default Mono<")) {
                assertFalse(java.util.regex.Pattern.compile("@Deprecated\\n    default Mono<[^\\n]*> " + e.getValue() + "\\(").matcher(api).find(),
                        e.getKey() + " is not deprecated");
            }
            if (!java.util.regex.Pattern.compile(annotation + "    default Mono<[^\\n]*> " + e.getValue() + "\\(").matcher(api).find()) {
                fail("no " + (annotation.isEmpty() ? "" : "@Deprecated ") + "method " + e.getValue() + " for " + e.getKey());
            }
            deprecated += e.getKey().info().isDeprecated() ? 1 : 0;
        }
        assertEquals(resource.contains("codegen") ? 1 : 0, deprecated, "deprecated commands");
    }

}
