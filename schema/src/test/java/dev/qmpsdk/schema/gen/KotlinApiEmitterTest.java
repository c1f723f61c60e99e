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
    private static final GoldenFiles GOLDEN_FILES = new GoldenFiles("expected-kotlin");

    private static Map<String, String> generateMini() {
        QapiSchema schema = QapiSchemaLoader.load(GOLDEN.resolve("mini-schema.json"));
        return new JavaGenerator(schema, "com.example.mini", "the mini test schema").generateKotlinApi("com.example.mini.api", "com.example.mini.kotlin");
    }

    /** The Kotlin of the mini schema equals {@code golden/expected-kotlin/} (regenerate with {@code -Dqmpsdk.updateGolden=true}). */
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> generatesTheGoldenFiles() {
        return GOLDEN_FILES.compare(generateMini());
    }

    @Test
    void generatesNoFileMoreOrLess() throws java.io.IOException {
        GOLDEN_FILES.assertSameFileSet(generateMini());
    }

    @Test
    void typesAreImportedAndKdocNeverShowsQapiInternalNames() {
        Map<String, String> kotlin = generateMini();
        for (Map.Entry<String, String> e : kotlin.entrySet()) {
            assertFalse(e.getValue().contains("q_obj_"), e.getKey() + " shows a q_obj_ name");
            assertFalse(e.getValue().contains("kotlin.Unit") || e.getValue().contains("kotlin.String"), e.getKey() + " qualifies Kotlin's own types");
            assertFalse(e.getValue().replaceAll("(?m)^import .*$", "").contains("com.example.mini.kotlin.dsl.ShapeDsl"),
                    e.getKey() + " writes the DSL class qualified");
        }
        String dsls = kotlin.get("com/example/mini/kotlin/dsl/MinischemaDsls.kt");
        assertTrue(dsls.contains("import com.example.mini.minischema.QueryLimitsArguments\n"), dsls);
        assertTrue(dsls.contains("Builds a [QueryLimitsArguments] (the arguments of `query-limits`)"), dsls);
        // the nested DSL class ShapeDsl.Circle would shadow an imported Circle, so the struct stays qualified
        assertTrue(dsls.contains("public var data: com.example.mini.minischema.Circle? = null"), dsls);
    }

    @Test
    void aSimpleNameTwoTypesShareStaysQualifiedForBoth() {
        KotlinImports imports = new KotlinImports("com.example.kotlin", java.util.Set.of("FileDsl", "File"));
        for (int pass = 0; pass < 2; pass++) {
            imports.ref("com.example.a.StatusInfo");
            imports.ref("com.example.b.StatusInfo");
            imports.ref("com.example.a.Limits", "Builder");
            imports.ref("com.example.a.Result");
            imports.ref("com.example.kotlin.FileDsl");
            imports.ref("com.example.a.File");
            imports.resolve();
        }
        assertEquals("com.example.a.StatusInfo", imports.ref("com.example.a.StatusInfo"));
        assertEquals("com.example.b.StatusInfo", imports.ref("com.example.b.StatusInfo"));
        assertEquals("Limits.Builder", imports.ref("com.example.a.Limits", "Builder"));
        assertEquals("com.example.a.Result", imports.ref("com.example.a.Result"), "kotlin.Result is a default import");
        assertEquals("FileDsl", imports.ref("com.example.kotlin.FileDsl"), "the file's own class");
        assertEquals("com.example.a.File", imports.ref("com.example.a.File"), "a nested DSL class File would shadow it");
        assertEquals("String", imports.ref("kotlin.String"));
        assertEquals("import com.example.a.Limits\n\n", imports.importBlock());
    }

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
