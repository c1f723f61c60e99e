package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the seed documents (see {@code seeds/README.md}) and undoes the damage the web saving did, so that
 * tests see the schema files as QEMU had them.
 */
final class Seeds {
    static final String SEED_001 = "001_32579d4f485bc04f.txt";
    static final String SEED_004 = "004_822ca22acc2bb4d1.txt";

    private Seeds() {}

    /** The seed's text; fails (never skips) with the place it looked when it is missing. */
    static String read(String name) {
        String dir = System.getProperty("qmpsdk.seeds.dir");
        if (dir == null) {
            fail("system property qmpsdk.seeds.dir is not set (the root pom's surefire sets it to ../shared/seeds)");
        }
        Path file = Path.of(dir).resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("seed " + name + " not found; looked for " + file.toAbsolutePath());
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot read seed " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Seed 001 is a cgit "plain" page: 3 header lines, the gutter of line numbers 1..N one per line, then
     * the N content lines.
     */
    static String schemaOf001() {
        List<String> lines = read(SEED_001).lines().toList();
        int gutter = 0;
        while (lines.get(3 + gutter).equals(String.valueOf(gutter + 1))) {
            gutter++;
        }
        List<String> content = lines.subList(3 + gutter, lines.size());
        if (content.size() != gutter) {
            fail("seed 001: gutter counts " + gutter + " lines but " + content.size() + " content lines follow");
        }
        return String.join("\n", content) + "\n";
    }

    /**
     * Seed 004 is a gitweb page: {@code N content} lines after 3 header lines, every space in the content a
     * U+00A0, and lines that were empty, {@code #}, {@code # } or {@code ##} left out. The text is rebuilt
     * with empty lines where numbers are missing, so line numbers match the original file.
     */
    static String schemaOf004() {
        Pattern numbered = Pattern.compile("(\\d+) ?(.*)");
        Map<Integer, String> byNumber = new TreeMap<>();
        List<String> lines = read(SEED_004).lines().toList();
        for (String line : lines.subList(3, lines.size())) {
            Matcher m = numbered.matcher(line);
            if (!m.matches()) {
                fail("seed 004: not a numbered line: " + line);
            }
            byNumber.put(Integer.parseInt(m.group(1)), m.group(2).replace('\u00a0', ' '));
        }
        int last = ((TreeMap<Integer, String>) byNumber).lastKey();
        StringBuilder text = new StringBuilder();
        for (int n = 1; n <= last; n++) {
            text.append(byNumber.getOrDefault(n, "")).append('\n');
        }
        return text.toString();
    }
}
