package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-file test for the typed client of a user's schema: {@code MiniClient} generated from
 * {@code golden/mini-schema.json} (and its Kotlin {@code coroutines()}) must equal {@code golden/expected-client/}. Regenerate after an intended change
 * with {@code ./mvnw -pl schema test -Dtest=TypedClientGoldenTest -Dqmpsdk.updateGolden=true} and review the diff.
 * That it compiles against {@code QmpConnection} is checked by the Maven plugin's tests and consumer project.
 */
class TypedClientGoldenTest {
    private static final GoldenFiles GOLDEN_FILES = new GoldenFiles("expected-client");

    private static Map<String, String> generate() {
        QapiSchema schema = QapiSchemaLoader.load(GoldenFiles.GOLDEN.resolve("mini-schema.json"));
        JavaGenerator generator = new JavaGenerator(schema, "com.example.mini", "the mini test schema");
        Map<String, String> files = new java.util.TreeMap<>(generator.generateClient("com.example.mini", "MiniClient"));
        files.putAll(generator.generateKotlinClient("com.example.mini", "MiniClient", "com.example.mini.kotlin"));
        return files;
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
    void everyForwardedConnectionMethodIsReservedFromCommandNames() {
        for (String method : TypedClientEmitter.CONNECTION_METHODS) {
            assertTrue(FrameworkNames.RESERVED.contains(method), method);
        }
        // The client's own static methods: a command can never be generated under either name.
        assertTrue(FrameworkNames.methodName("connect").equals("connectCommand"));
        assertTrue(JavaNames.memberName("of").equals("of_"), JavaNames.memberName("of"));
    }
}
