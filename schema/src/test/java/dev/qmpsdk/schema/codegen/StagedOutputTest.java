package dev.qmpsdk.schema.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output directories are replaced whole, or, when that fails, left absent: never half written, never stale. */
class StagedOutputTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheWholeDirectoryAndLeavesNoStagingBehind() throws IOException {
        Path java = dir.resolve("generated-sources/qapi");
        Files.createDirectories(java.resolve("old"));
        Files.writeString(java.resolve("old/Stale.java"), "class Stale {}");
        StagedOutput.replace(Map.of(java, Map.of("com/example/A.java", "class A {}")));
        assertEquals("class A {}", Files.readString(java.resolve("com/example/A.java")));
        assertFalse(Files.exists(java.resolve("old")), "a file of an earlier run stays only if generated again");
        try (Stream<Path> s = Files.list(dir.resolve("generated-sources"))) {
            assertEquals(List.of(java), s.toList());
        }
    }

    @Test
    void anUnchangedDirectoryIsLeftAsItIsAndAChangedOneReplaced() throws IOException {
        Path java = dir.resolve("generated-sources/qapi");
        StagedOutput.replace(Map.of(java, Map.of("com/example/A.java", "class A {}")));
        Path a = java.resolve("com/example/A.java");
        FileTime old = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(a, old);
        StagedOutput.replace(Map.of(java, Map.of("com/example/A.java", "class A {}")));
        assertEquals(old, Files.getLastModifiedTime(a), "rewritten although nothing changed");
        StagedOutput.replace(Map.of(java, Map.of("com/example/A.java", "class A { int x; }")));
        assertEquals("class A { int x; }", Files.readString(a));
        Files.writeString(java.resolve("Extra.java"), "class Extra {}");
        StagedOutput.replace(Map.of(java, Map.of("com/example/A.java", "class A { int x; }")));
        assertFalse(Files.exists(java.resolve("Extra.java")), "a file that is not generated any more is removed");
    }

    @Test
    void aFailedWriteLeavesNeitherStagingNorTheEarlierOutput() throws IOException {
        Path java = dir.resolve("generated-sources/qapi");
        Path resources = dir.resolve("generated-resources/qapi");
        Files.createDirectories(java);
        Files.writeString(java.resolve("Earlier.java"), "class Earlier {}");
        Map<Path, Map<String, String>> outputs = new LinkedHashMap<>();
        outputs.put(java, Map.of("com/example/A.java", "class A {}"));
        // a file and a directory of the same name cannot both be written: the second output fails mid-way
        outputs.put(resources, new LinkedHashMap<>(Map.of("x", "file")));
        outputs.get(resources).put("x/y", "under a file");
        assertThrows(IOException.class, () -> StagedOutput.replace(outputs));
        assertFalse(Files.exists(java), "the earlier output is gone, so nothing stale compiles");
        assertFalse(Files.exists(resources));
        try (Stream<Path> s = Files.list(dir.resolve("generated-sources"))) {
            assertEquals(List.of(), s.toList(), "no staging directory left");
        }
    }

    @Test
    void nestedOutputDirectoriesAreRefused() {
        Path java = dir.resolve("gen");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StagedOutput.replace(Map.of(java, Map.of(), java.resolve("res"), Map.of())));
        assertTrue(e.getMessage().contains("is inside"), e.getMessage());
    }
}
