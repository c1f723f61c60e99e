package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kotlin emitter's text: names line up with the Java API, keywords and comment delimiters are escaped. */
class KotlinApiEmitterTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    @Test
    void kotlinKeywordsAreBacktickedAndJavaNamesKept() {
        assertEquals("`object`", KotlinApiEmitter.ident("object"));
        assertEquals("`in`", KotlinApiEmitter.ident("in"));
        assertEquals("`typealias`", KotlinApiEmitter.ident("typealias"));
        assertEquals("nodeName", KotlinApiEmitter.ident("nodeName"));
        assertEquals("default_", KotlinApiEmitter.ident("default_"));
    }

    @Test
    void commentsAndStringsCannotBeBrokenOutOf() {
        assertFalse(KotlinApiEmitter.kdoc("a */ b /* c").contains("*/"));
        assertFalse(KotlinApiEmitter.kdoc("a */ b /* c").contains("/*"));
        assertEquals("\\$x \\\"q\\\" \\\\", KotlinApiEmitter.kotlinString("$x \"q\" \\"));
    }

    @Test
    void everyCommandOfTheMiniSchemaGetsASuspendMemberAndEveryArgumentTypeADsl() {
        QapiSchema schema = QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json"));
        JavaGenerator generator = new JavaGenerator(schema, "com.example.mini", "the mini test schema");
        Map<String, String> kotlin = generator.generateKotlinApi("com.example.mini.api", "com.example.mini.kotlin");
        String commands = kotlin.get("com/example/mini/kotlin/QmpCoroutineCommands.kt");
        String api = generator.generateReactiveApi("com.example.mini.api").get("com/example/mini/api/QmpCommandsApi.java");
        for (String line : api.split("\n")) {
            String l = line.strip();
            if (l.startsWith("default ")) {
                String name = l.substring(0, l.indexOf('(')).replaceAll(".* ", "");
                assertTrue(commands.contains("public suspend fun " + KotlinApiEmitter.ident(name) + "("), name);
            }
        }
        assertTrue(kotlin.keySet().stream().anyMatch(k -> k.startsWith("com/example/mini/kotlin/dsl/")), kotlin.keySet().toString());
        for (String text : kotlin.values()) {
            assertEquals(count(text, "{"), count(text, "}"), "balanced braces");
        }
    }

    private static long count(String s, String what) {
        return s.chars().filter(c -> c == what.charAt(0)).count();
    }
}
