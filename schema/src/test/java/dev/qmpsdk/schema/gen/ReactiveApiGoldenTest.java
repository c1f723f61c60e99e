package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final Path EXPECTED = GOLDEN.resolve("expected-reactive");

    private static Map<String, String> generate() {
        QapiSchema schema = QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json"));
        return new JavaGenerator(schema, "com.example.mini", "the mini test schema").generateReactiveApi("com.example.mini.api");
    }

    @TestFactory
    Stream<DynamicTest> generatesTheGoldenFiles() throws IOException {
        Map<String, String> actual = generate();
        if (Boolean.getBoolean("qmpsdk.updateGolden")) {
            update(actual);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> e : actual.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> assertSameText(e.getKey(), e.getValue())));
        }
        return tests.stream();
    }

    @Test
    void generatesNoFileMoreOrLess() throws IOException {
        TreeSet<String> expected = new TreeSet<>();
        try (Stream<Path> s = Files.walk(EXPECTED)) {
            s.filter(Files::isRegularFile).forEach(p -> expected.add(EXPECTED.relativize(p).toString().replace('\\', '/')));
        }
        assertEquals(expected, new TreeSet<>(generate().keySet()));
    }

    @Test
    void reservesExecuteAndResolvesClashesInSchemaOrder() {
        QapiSchema schema = QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json"));
        Map<?, String> names = ReactiveApiEmitter.methodNames(schema.commands());
        assertEquals(List.of("stop", "queryLimits", "draw"), List.copyOf(names.values()));
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

    private static void assertSameText(String file, String actual) throws IOException {
        Path golden = EXPECTED.resolve(file);
        if (!Files.exists(golden)) {
            fail(file + " has no golden file; run with -Dqmpsdk.updateGolden=true and review it");
        }
        String[] want = Files.readString(golden, StandardCharsets.UTF_8).split("\n", -1);
        String[] got = actual.split("\n", -1);
        for (int i = 0; i < Math.min(want.length, got.length); i++) {
            if (!want[i].equals(got[i])) {
                fail(file + ":" + (i + 1) + ": expected\n  " + want[i] + "\nbut generated\n  " + got[i]);
            }
        }
        assertEquals(want.length, got.length, file + ": number of lines");
    }

    private static void update(Map<String, String> actual) throws IOException {
        if (Files.exists(EXPECTED)) {
            try (Stream<Path> s = Files.walk(EXPECTED)) {
                for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> e : actual.entrySet()) {
            Path p = EXPECTED.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
