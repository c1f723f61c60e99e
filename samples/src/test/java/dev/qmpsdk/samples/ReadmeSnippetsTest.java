package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Java, Kotlin and XML code block of the README is a region of compiled, tested code: the lines between
 * {@code // README-BEGIN: name} and {@code // README-END} in {@link ReadmeExamples}, {@code ReadmeKotlinExamples} or the
 * plugin consumer project's {@code CallGeneratedClient}
 * (imports included), or between {@code <!-- README-BEGIN: name -->} and {@code <!-- README-END -->} in the poms of
 * the consumer projects that build them against the installed artifacts (its {@code @project.version@} being this
 * build's version), less their common indentation. Editing one without the other fails here.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final List<Path> SOURCES = List.of(
            Path.of("src/main/java/dev/qmpsdk/samples/ReadmeExamples.java"),
            Path.of("src/main/java/dev/qmpsdk/samples/ReadmeGuestAgentExamples.java"),
            Path.of("src/main/java/dev/qmpsdk/samples/ManyHostsReadmeExample.java"),
            Path.of("src/main/kotlin/dev/qmpsdk/samples/ReadmeKotlinExamples.kt"),
            Path.of("src/main/java/dev/qmpsdk/samples/FleetMetricsSample.java"),
            Path.of("..", "consumer-it", "src", "it", "java-consumer", "pom.xml"),
            Path.of("..", "consumer-it", "src", "it", "plugin-consumer", "pom.xml"),
            Path.of("..", "consumer-it", "src", "it", "plugin-consumer", "src", "main", "java", "com", "example", "consumer",
                    "CallGeneratedClient.java"));

    @Test
    void everyReadmeCodeBlockIsAMarkedRegionAndBack() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path source : SOURCES) {
            regions.putAll(regions(source));
        }
        assertTrue(regions.size() >= 8, "regions found: " + regions.keySet());
        List<String> blocks = codeBlocks(Files.readAllLines(README));

        List<String> unused = new ArrayList<>(regions.keySet());
        for (String block : blocks) {
            String firstLine = block.lines().findFirst().orElse("");
            String name = regions.entrySet().stream()
                    .filter(r -> r.getValue().lines().findFirst().orElse("").equals(firstLine))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseGet(() -> fail("README code block starting '" + firstLine + "' is no marked region of " + SOURCES
                            + ": write it there between README-BEGIN and README-END"));
            assertEquals(regions.get(name), block, "README code block vs region '" + name + "'");
            unused.remove(name);
        }
        assertEquals(List.of(), unused, "marked regions that are not in the README");
    }

    /** The fenced java and kotlin blocks of the README, each as its lines joined by newlines. */
    private static List<String> codeBlocks(List<String> readme) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : readme) {
            if (block == null && (line.equals("```java") || line.equals("```kotlin") || line.equals("```xml"))) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line.stripTrailing()).append('\n');
            }
        }
        return blocks;
    }

    /** The marked regions of a source file by name, dedented ({@code //} comments, or XML ones in a pom). */
    private static Map<String, String> regions(Path source) throws IOException {
        boolean xml = source.toString().endsWith(".xml");
        String begin = xml ? "<!-- README-BEGIN: " : "// README-BEGIN: ";
        String beginEnd = xml ? "-->" : "";
        String end = xml ? "<!-- README-END -->" : "// README-END";
        Map<String, String> regions = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        List<String> all = Files.readAllLines(source);
        for (int i = 0; i < all.size(); i++) {
            String trimmed = all.get(i).trim();
            if (trimmed.startsWith(begin) && trimmed.endsWith(beginEnd)) {
                assertEquals(null, name, source + ":" + (i + 1) + ": README-BEGIN inside region '" + name + "'");
                name = trimmed.substring(begin.length(), trimmed.length() - beginEnd.length()).trim();
                lines.clear();
            } else if (trimmed.equals(end)) {
                assertTrue(name != null, source + ":" + (i + 1) + ": README-END without README-BEGIN");
                assertEquals(null, regions.put(name, dedent(lines)), source + ": two regions named '" + name + "'");
                name = null;
            } else if (name != null) {
                lines.add(xml ? all.get(i).stripTrailing().replace("@project.version@", projectVersion()) : all.get(i).stripTrailing());
            }
        }
        assertEquals(null, name, source + ": region '" + name + "' has no README-END");
        return regions;
    }

    /** This build's version: the consumer projects get it filtered in where their poms say {@code @project.version@}. */
    private static String projectVersion() {
        String version = System.getProperty("qmpsdk.version");
        assertTrue(version != null && !version.isBlank(), "system property qmpsdk.version is not set (the root pom's surefire sets it)");
        return version;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
