package dev.qmpsdk.schema.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.qmpsdk.schema.SeedCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed schema/qapi files are exactly what the importer makes from the seeds, and they hold
 * the complete QEMU 2.11.2 schema.
 */
class SeedSchemaImportTest {
    /** Reads QAPI's Python-literal syntax: single quotes and '#' comments to end of line. */
    private static final ObjectMapper QAPI_READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .build();

    @Test
    @SeedCheck
    void committedFilesAreWhatTheImporterWrites(@TempDir Path out) throws IOException {
        SeedSchemaImporter.ImportResult result = SeedSchemaImporter.run(
                Seeds.require(Seeds.SCHEMA_SEED), Seeds.require(Seeds.MAN_PAGE_SEED), out);

        assertEquals(List.of(), result.warnings(), "the man page should confirm the whole schema");
        Map<String, String> produced = readDir(out);
        Map<String, String> committed = readDir(Seeds.committedSchemaDir());
        assertEquals(new TreeSet<>(produced.keySet()), new TreeSet<>(committed.keySet()),
                "files in " + Seeds.committedSchemaDir() + " vs. produced; rebuild with tools/import-schema");
        produced.forEach((name, content) -> assertEquals(content, committed.get(name),
                "schema/qapi/" + name + " differs from the importer's output; rebuild with tools/import-schema"));
    }

    @Test
    void committedSchemaHasTheCompleteDefinitionCounts() throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode expression : readExpressions(Seeds.committedSchemaDir())) {
            String meta = expression.fieldNames().next();
            counts.merge(meta, 1, Integer::sum);
            if (!meta.equals("include") && !meta.equals("pragma")) {
                names.add(expression.get(meta).asText());
            }
        }
        assertEquals(Map.of("command", 156, "event", 37, "struct", 201, "enum", 79, "union", 22,
                "alternate", 4, "pragma", 1, "include", 16), counts);
        assertEquals(names.size(), new TreeSet<>(names).size(), "a definition name occurs twice");
    }

    /** Every top-level expression in every .json file of {@code dir}. */
    private static List<JsonNode> readExpressions(Path dir) throws IOException {
        List<JsonNode> expressions = new ArrayList<>();
        for (String name : readDir(dir).keySet()) {
            if (!name.endsWith(".json")) {
                continue;
            }
            try (JsonParser parser = QAPI_READER.createParser(dir.resolve(name).toFile());
                    MappingIterator<JsonNode> values = QAPI_READER.readValues(parser, JsonNode.class)) {
                values.forEachRemaining(expressions::add);
            }
        }
        return expressions;
    }

    private static Map<String, String> readDir(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
