package dev.qmpsdk.schema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the command line puts the introspection resource that the generated accessor reads. */
class QapiCodegenIntrospectionTest {
    private static final String MINI = Path.of("src", "test", "resources", "golden", "mini-schema.json").toString();
    private static final String RESOURCE = "com/example/mini/qmp-schema-introspection.json";

    @Test
    void writesTheResourceToTheResourcesDirectory(@TempDir Path dir) {
        Path out = dir.resolve("java");
        Path resources = dir.resolve("resources");
        int exit = new CommandLine(new QapiCodegen())
                .execute("--schema", MINI, "--out", out.toString(), "--resources", resources.toString(), "--package", "com.example.mini");
        assertEquals(0, exit);
        assertTrue(Files.isRegularFile(resources.resolve(RESOURCE)));
        assertFalse(Files.exists(out.resolve(RESOURCE)), "the resource goes only where --resources says");
        assertTrue(Files.isRegularFile(out.resolve("com/example/mini/QmpSchemaIntrospection.java")));
    }

    @Test
    void withoutResourcesTheJsonGoesNextToTheSources(@TempDir Path dir) {
        int exit = new CommandLine(new QapiCodegen()).execute("--schema", MINI, "--out", dir.toString(), "--package", "com.example.mini");
        assertEquals(0, exit);
        assertTrue(Files.isRegularFile(dir.resolve(RESOURCE)));
    }
}
