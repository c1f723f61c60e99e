package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

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
 * Golden-file tests: the generator's output for {@code golden/mini-schema.json} must equal the files under
 * {@code golden/expected/}. After an intended generator change, regenerate them with
 * {@code ./mvnw -pl schema test -Dtest=GoldenGenerationTest -Dqmpsdk.updateGolden=true} and review the diff.
 */
class GoldenGenerationTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final Path EXPECTED = GOLDEN.resolve("expected");

    private static Map<String, String> generate() {
        return new JavaGenerator(QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json")), "com.example.mini", "the mini test schema")
                .generate();
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
