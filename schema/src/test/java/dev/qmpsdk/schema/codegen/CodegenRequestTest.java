package dev.qmpsdk.schema.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad parameters fail with one message naming the parameter (as the caller's user knows it) and its value. */
class CodegenRequestTest {
    private static final CodegenRequest.Labels LABELS = new CodegenRequest.Labels("<schema>", "<packageName>", "<clientName>", "<kotlinPackage>");

    @TempDir
    Path dir;

    private CodegenRequest request(Path schema, String pkg, String client, String kotlinPackage) {
        return new CodegenRequest(schema, pkg, "a schema", client, kotlinPackage, false);
    }

    private Path schema() throws Exception {
        return Files.writeString(dir.resolve("qapi-schema.json"), "{ 'command': 'stop' }\n");
    }

    @Test
    void aMissingSchemaFileIsNamedWithItsAbsolutePath() {
        Path missing = dir.resolve("nope/qapi-schema.json");
        CodegenException e = assertThrows(CodegenException.class, () -> request(missing, "com.example", "QemuClient", null).validate(LABELS));
        assertEquals("<schema>: the schema file " + missing.toAbsolutePath() + " does not exist", e.getMessage());
    }

    @Test
    void aDirectoryIsNotASchemaFile() {
        CodegenException e = assertThrows(CodegenException.class, () -> request(dir, "com.example", "QemuClient", null).validate(LABELS));
        assertEquals("<schema>: the schema file " + dir.toAbsolutePath() + " is not a file", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "com.example.int|'int' is a Java keyword",
            "com.example.true|'true' is a Java keyword",
            "com..example|it has an empty segment",
            "com.example.|it has an empty segment",
            "com.1example|'1example' is not a Java identifier",
            "com.my-vm|'my-vm' is not a Java identifier",
            "com.example._|'_' is a Java keyword"})
    void aPackageThatIsNotAJavaPackageNameIsRejectedNamingTheSegment(String pkg, String problem) throws Exception {
        Path schema = schema();
        CodegenException e = assertThrows(CodegenException.class, () -> request(schema, pkg, "QemuClient", null).validate(LABELS));
        assertEquals("<packageName>: '" + pkg + "' is not a Java package name: " + problem, e.getMessage());
        CodegenException kotlin = assertThrows(CodegenException.class,
                () -> request(schema, "com.example", "QemuClient", pkg).validate(LABELS));
        assertEquals("<kotlinPackage>: '" + pkg + "' is not a Java package name: " + problem, kotlin.getMessage());
    }

    @Test
    void theClientNameMustBeAClassNameThatTheGeneratorDoesNotTake() throws Exception {
        Path schema = schema();
        assertEquals("<clientName>: 'my-client' is not a Java class name",
                assertThrows(CodegenException.class, () -> request(schema, "com.example", "my-client", null).validate(LABELS)).getMessage());
        assertEquals("<clientName>: 'QmpEvents' is the name of a class the generator writes into com.example itself; choose another"
                        + " (e.g. QemuClient)",
                assertThrows(CodegenException.class, () -> request(schema, "com.example", "QmpEvents", null).validate(LABELS)).getMessage());
    }

    @Test
    void goodParametersPass() throws Exception {
        request(schema(), "com.example.qmp", "Qemu10Client", "com.example.qmp.kotlin").validate(LABELS);
    }
}
