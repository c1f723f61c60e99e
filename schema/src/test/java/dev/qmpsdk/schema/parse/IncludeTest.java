package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qmpsdk.schema.model.Definition;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiSchemaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Includes: relative paths, each module once, cycles, sections per file, missing files. */
class IncludeTest {
    private static final Map<String, String> FILES = Map.of(
            "qapi/a.json", "{ 'include': 'common.json' }\n{ 'enum': 'A', 'data': [] }",
            "qapi/b.json", "{ 'include': 'common.json' }\n{ 'include': '../main.json' }\n{ 'enum': 'B', 'data': [] }",
            "qapi/common.json", "##\n# = Common\n##\n{ 'enum': 'C', 'data': [] }");

    private static final String MAIN = "##\n# = Main\n##\n"
            + "{ 'include': 'qapi/a.json' }\n{ 'include': 'qapi/b.json' }\n{ 'enum': 'M', 'data': [] }";

    @Test
    void eachModuleIsReadOnceRelativeToItsIncluder() {
        List<String> requested = new ArrayList<>();
        QapiSchema schema = QapiSchemaLoader.parse("main.json", MAIN, QapiSchemaLoader.Options.STRICT
                .withIncludeSource(module -> {
                    requested.add(module);
                    return FILES.get(module);
                }));
        assertEquals(List.of("qapi/a.json", "qapi/common.json", "qapi/b.json"), requested, "no re-read, no cycle");
        assertEquals(List.of("main.json", "qapi/a.json", "qapi/common.json", "qapi/b.json"), schema.modules());
        assertEquals(List.of("C", "A", "B", "M"), schema.definitions().stream().map(Definition::name).toList());
    }

    @Test
    void modulesAndSectionsBelongToTheirFile() {
        QapiSchema schema = QapiSchemaLoader.parse("main.json", MAIN, QapiSchemaLoader.Options.STRICT.withIncludeSource(FILES::get));
        Definition c = schema.type("C").map(Definition.class::cast).orElseThrow();
        assertEquals("qapi/common.json", c.info().module());
        assertEquals("Common", c.info().section());
        assertEquals("qapi/common.json", c.info().location().file());
        Definition a = schema.type("A").map(Definition.class::cast).orElseThrow();
        assertNull(a.info().section(), "a heading does not leak into other files");
        assertEquals("Main", schema.type("M").map(Definition.class::cast).orElseThrow().info().section());
    }

    @Test
    void missingIncludeIsAnErrorAtTheInclude() {
        QapiSchemaException error = assertThrows(QapiSchemaException.class, () -> QapiSchemaLoader.parse(
                "main.json", "# x\n  { 'include': 'sub/nope.json' }", QapiSchemaLoader.Options.STRICT));
        assertEquals("main.json:2:3: cannot read included file 'sub/nope.json' (looked for sub/nope.json): "
                + "java.nio.file.NoSuchFileException: sub/nope.json", error.getMessage());
    }

    @Test
    void missingIncludeOnDiskNamesThePath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path main = dir.resolve("main.json");
        java.nio.file.Files.writeString(main, "{ 'include': 'gone.json' }");
        QapiSchemaException error = assertThrows(QapiSchemaException.class, () -> QapiSchemaLoader.load(main));
        assertEquals(main + ":1:1: cannot read included file 'gone.json' (looked for " + dir.resolve("gone.json")
                + "): java.nio.file.NoSuchFileException: " + dir.resolve("gone.json"), error.getMessage());
    }

    @Test
    void includePathsResolveLikeFilePaths() {
        assertEquals("qapi/block-core.json", ModuleAssembler.resolve("qapi/block.json", "block-core.json"));
        assertEquals("common.json", ModuleAssembler.resolve("qapi/a.json", "../common.json"));
        assertEquals("qapi/x.json", ModuleAssembler.resolve("main.json", "qapi/x.json"));
    }
}
