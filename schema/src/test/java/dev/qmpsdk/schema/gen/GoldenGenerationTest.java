package dev.qmpsdk.schema.gen;


import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
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
    private static final Path GOLDEN = GoldenFiles.GOLDEN;
    private static final GoldenFiles GOLDEN_FILES = new GoldenFiles("expected");

    private static Map<String, String> generate() {
        return new JavaGenerator(QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json")), "com.example.mini", "the mini test schema")
                .generate();
    }

    @TestFactory
    Stream<DynamicTest> generatesTheGoldenFiles() {
        return GOLDEN_FILES.compare(generate());
    }

    @Test
    void generatesNoFileMoreOrLess() throws IOException {
        GOLDEN_FILES.assertSameFileSet(generate());
    }

}
