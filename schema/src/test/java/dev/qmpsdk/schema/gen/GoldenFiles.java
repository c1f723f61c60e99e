package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Compares generated files with the golden copies under one folder of {@code golden/}; with
 * {@code -Dqmpsdk.updateGolden=true} it first rewrites the folder from what was generated (review the diff).
 */
final class GoldenFiles {
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private final Path expected;

    GoldenFiles(String folder) {
        this.expected = GOLDEN.resolve(folder);
    }

    /** One dynamic test per generated file, each comparing it line by line with its golden copy. */
    Stream<DynamicTest> compare(Map<String, String> generated) {
        if (Boolean.getBoolean("qmpsdk.updateGolden")) {
            update(generated);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> e : generated.entrySet()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> assertSameText(e.getKey(), e.getValue())));
        }
        return tests.stream();
    }

    /** Asserts that the generator makes exactly the golden files, no more, no fewer. */
    void assertSameFileSet(Map<String, String> generated) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.walk(expected)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(expected.relativize(p).toString().replace('\\', '/')));
        }
        assertEquals(names, new TreeSet<>(generated.keySet()));
    }

    private void assertSameText(String file, String actual) throws IOException {
        Path golden = expected.resolve(file);
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

    private void update(Map<String, String> generated) {
        try {
            if (Files.exists(expected)) {
                try (Stream<Path> s = Files.walk(expected)) {
                    for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                        Files.delete(p);
                    }
                }
            }
            for (Map.Entry<String, String> e : generated.entrySet()) {
                Path p = expected.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the golden files under " + expected, e);
        }
    }
}
