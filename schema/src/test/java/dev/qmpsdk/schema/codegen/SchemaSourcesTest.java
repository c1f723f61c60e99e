package dev.qmpsdk.schema.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Maven plugin and {@code qapi-codegen --emit client} generate for a user's schema, in memory. */
class SchemaSourcesTest {
    @TempDir
    Path dir;

    @Test
    void aCurrentSchemaGivesModelApiClientIntrospectionAndKotlin() throws Exception {
        Path schema = Path.of(SchemaSourcesTest.class.getResource("/current/codegen/qapi-schema.json").toURI());
        SchemaSources sources = SchemaSources.generate(
                new CodegenRequest(schema, "org.example.garden", "the garden schema", "GardenClient", "org.example.garden.kotlin", false));
        assertTrue(sources.java().containsKey("org/example/garden/QmpCommands.java"));
        assertTrue(sources.java().containsKey("org/example/garden/QmpEvents.java"));
        assertTrue(sources.java().get("org/example/garden/QmpCommandsApi.java").contains("package org.example.garden;"));
        String client = sources.java().get("org/example/garden/GardenClient.java");
        assertTrue(client.contains("public interface GardenClient extends QmpConnection, QmpCommandsApi {"), client);
        assertTrue(sources.java().get("org/example/garden/package-info.java").contains("Types generated from the garden schema"),
                "the model's package-info is kept");
        assertEquals(java.util.Set.of("org/example/garden/qmp-schema-introspection.json"), sources.resources().keySet());
        assertTrue(sources.kotlin().containsKey("org/example/garden/kotlin/QmpCoroutineCommands.kt"), sources.kotlin().keySet().toString());
        assertEquals(sources.report().commands(), sources.commands());
    }

    @Test
    void aGuestAgentSchemaGivesAClientOverQgaConnectionAndNoReplyDescriptors() throws Exception {
        Path schema = Files.writeString(dir.resolve("qga.json"), "{ 'pragma': { 'doc-required': false } }\n"
                + "{ 'pragma': { 'command-returns-exceptions': [ 'guest-get-time' ] } }\n"
                + "{ 'command': 'guest-get-time', 'returns': 'int' }\n"
                + "{ 'command': 'guest-shutdown', 'data': { '*mode': 'str' }, 'success-response': false }\n");
        SchemaSources sources = SchemaSources.generate(new CodegenRequest(schema, "com.example.qga", "the agent's schema", "GuestAgent",
                null, false, CodegenRequest.ClientKind.GUEST_AGENT));
        String client = sources.java().get("com/example/qga/GuestAgent.java");
        assertTrue(client.contains("public interface GuestAgent extends QgaConnection, QmpCommandsApi {"), client);
        assertTrue(client.contains("static Mono<GuestAgent> connect(QgaClientOptions options)"), client);
        assertTrue(client.contains("static GuestAgent of(QgaConnection connection)"), client);
        String commands = sources.java().get("com/example/qga/QmpCommands.java");
        assertEquals(1, commands.split("\\.successResponse\\(false\\)", -1).length - 1, "only guest-shutdown: " + commands);
    }

    @Test
    void anUnknownClientKindNamesTheParameter() {
        CodegenException e = org.junit.jupiter.api.Assertions.assertThrows(CodegenException.class,
                () -> CodegenRequest.ClientKind.of("--client-kind", "agent"));
        assertEquals("--client-kind: 'agent' is not a client kind; expected 'qmp' or 'guest-agent'", e.getMessage());
    }

    @Test
    void withoutAKotlinPackageThereIsNoKotlin() throws Exception {
        Path schema = Files.writeString(dir.resolve("s.json"), "{ 'command': 'stop' }\n");
        SchemaSources sources = SchemaSources.generate(new CodegenRequest(schema, "com.example", "s", "QemuClient", null, false));
        assertEquals(java.util.Map.of(), sources.kotlin());
        assertEquals(1, sources.commands());
    }

    @Test
    void aSyntaxErrorInAnIncludedFileNamesThatFileAndLine() throws Exception {
        Files.writeString(dir.resolve("qapi-schema.json"), "{ 'include': 'sub/block.json' }\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/block.json"), "{ 'command': 'stop' }\n\n{ 'command' 'cont' }\n");
        CodegenException e = assertThrows(CodegenException.class, () -> SchemaSources.generate(
                new CodegenRequest(dir.resolve("qapi-schema.json"), "com.example", "s", "QemuClient", null, false)));
        assertTrue(e.getMessage().startsWith("QAPI schema error at " + dir.resolve("sub/block.json") + ":3:"), e.getMessage());
    }
}
