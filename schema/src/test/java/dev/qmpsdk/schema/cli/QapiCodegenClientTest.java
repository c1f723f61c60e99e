package dev.qmpsdk.schema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code qapi-codegen --emit client}: the Maven plugin's output for users without Maven, and its errors. */
class QapiCodegenClientTest {
    private static final String GARDEN = Path.of("src", "test", "resources", "current", "codegen", "qapi-schema.json").toString();

    @TempDir
    Path dir;

    private record Run(int exitCode, String stderr) {}

    private static Run codegen(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(new CommandLine(new QapiCodegen()).execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void writesModelApiClientResourceAndKotlin() {
        Path out = dir.resolve("java");
        Path resources = dir.resolve("resources");
        Path kotlin = dir.resolve("kotlin");
        Run run = codegen("--emit", "client", "--schema", GARDEN, "--out", out.toString(), "--resources", resources.toString(),
                "--package", "org.example.garden", "--client-name", "GardenClient", "--kotlin-out", kotlin.toString(),
                "--kotlin-package", "org.example.garden.kt");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.isRegularFile(out.resolve("org/example/garden/GardenClient.java")));
        assertTrue(Files.isRegularFile(out.resolve("org/example/garden/QmpCommandsApi.java")));
        assertTrue(Files.isRegularFile(out.resolve("org/example/garden/QmpCommands.java")));
        assertTrue(Files.isRegularFile(resources.resolve("org/example/garden/qmp-schema-introspection.json")));
        assertTrue(Files.isRegularFile(kotlin.resolve("org/example/garden/kt/GardenClientCoroutines.kt")));
        assertTrue(Files.isRegularFile(kotlin.resolve("org/example/garden/kt/QmpCoroutineCommands.kt")));
        assertTrue(run.stderr().contains("org.example.garden.GardenClient written to " + out), run.stderr());
    }

    @Test
    void aSchemaErrorExitsWithOneAndWritesNothing() throws Exception {
        Path schema = Files.writeString(dir.resolve("broken.json"), "{ 'command': 'stop' }\n{ 'command' }\n");
        Path out = dir.resolve("java");
        Run run = codegen("--emit", "client", "--schema", schema.toString(), "--out", out.toString(), "--package", "com.example");
        assertEquals(1, run.exitCode());
        assertTrue(run.stderr().startsWith("qapi-codegen: QAPI schema error at " + schema + ":2:"), run.stderr());
        assertFalse(Files.exists(out));
    }

    @Test
    void aKeywordInThePackageExitsWithTwoNamingTheOption() {
        Run run = codegen("--emit", "client", "--schema", GARDEN, "--out", dir.toString(), "--package", "com.example.class");
        assertEquals(2, run.exitCode());
        assertEquals("qapi-codegen: --package: 'com.example.class' is not a Java package name: 'class' is a Java keyword\n", run.stderr());
    }
}
