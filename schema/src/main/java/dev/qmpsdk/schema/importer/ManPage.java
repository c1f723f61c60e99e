package dev.qmpsdk.schema.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rendered man page qemu-qmp-ref(7) (seed 000), read as a list of definition entries, each with
 * the section and subsection heading it appears under and its rendered text.
 *
 * <p>Layout facts the parser relies on: section headings are indented 3 spaces ({@code    Block
 * devices}); definitions start with a line indented 7 spaces, {@code Name (Kind)} or {@code name
 * (Command) first sentence...}; subsection headings are 7-space lines standing alone (after a blank
 * line or right under the section heading, before a blank line), recognised only when their title is
 * one the caller expects.
 */
final class ManPage {
    private static final Pattern SECTION = Pattern.compile("^ {3}(\\S.*)$");
    private static final Pattern DEFINITION =
            Pattern.compile("^ {7}([A-Za-z0-9_-]+) +\\((Command|Event|Enum|Object|Alternate)\\)(?: (.*))?$");

    /** One documented definition. {@code subsection} is null outside subsections. */
    record Entry(String name, String kind, String section, @Nullable String subsection, int line, String text) {
    }

    /** The "(Kind)" the man page shows for each QAPI meta-type. */
    private static final Map<String, String> KIND_BY_META_TYPE = Map.of(
            "struct", "Object", "union", "Object", "command", "Command", "event", "Event",
            "enum", "Enum", "alternate", "Alternate");

    private final Map<String, Entry> entriesByName;

    private ManPage(Map<String, Entry> entriesByName) {
        this.entriesByName = entriesByName;
    }

    /**
     * Parses the man page text.
     *
     * @param subsectionTitles the subsection headings to recognise (7-space lines between blank lines)
     */
    static ManPage parse(String text, Set<String> subsectionTitles) {
        String[] lines = text.split("\n", -1);
        Map<String, Entry> entries = new LinkedHashMap<>();
        String section = null;
        String subsection = null;
        String name = null;
        String kind = null;
        int startLine = 0;
        List<String> body = new ArrayList<>();
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : null;
            Matcher sectionMatch = line == null ? null : SECTION.matcher(line);
            Matcher definitionMatch = line == null ? null : DEFINITION.matcher(line);
            boolean isSection = sectionMatch != null && sectionMatch.matches();
            boolean isDefinition = definitionMatch != null && definitionMatch.matches();
            boolean isSubsection = line != null && !isDefinition
                    && subsectionTitles.contains(line.trim()) && line.startsWith("       ")
                    && (isBlank(lines, i - 1) || SECTION.matcher(lines[i - 1]).matches())
                    && isBlank(lines, i + 1);
            if (line == null || isSection || isDefinition || isSubsection) {
                if (name != null) {
                    if (entries.containsKey(name)) {
                        throw new SeedImportException("man page line " + startLine + ": '" + name
                                + "' documented twice (first at line " + entries.get(name).line() + ")");
                    }
                    entries.put(name, new Entry(name, kind, section, subsection, startLine, String.join("\n", body)));
                    name = null;
                }
            }
            if (isSection) {
                section = sectionMatch.group(1).trim();
                subsection = null;
            } else if (isSubsection) {
                subsection = line.trim();
            } else if (isDefinition) {
                name = definitionMatch.group(1);
                kind = definitionMatch.group(2);
                startLine = i + 1;
                body.clear();
                body.add(definitionMatch.group(3) == null ? "" : definitionMatch.group(3));
            } else if (name != null) {
                body.add(line);
            }
        }
        return new ManPage(entries);
    }

    private static boolean isBlank(String[] lines, int index) {
        return index < 0 || index >= lines.length || lines[index].isBlank();
    }

    /** The man-page kind ("Object", "Command", ...) of a QAPI meta-type, or null for pragma/include. */
    static @Nullable String kindOf(String metaType) {
        return KIND_BY_META_TYPE.get(metaType);
    }

    /** All entries in man-page order. */
    List<Entry> entries() {
        return List.copyOf(entriesByName.values());
    }

    Optional<Entry> entry(String name) {
        return Optional.ofNullable(entriesByName.get(name));
    }

    /** The entry of {@code name}, or an error saying the man page does not document it. */
    Entry require(String name) {
        Entry entry = entriesByName.get(name);
        if (entry == null) {
            throw new SeedImportException("the man page does not document '" + name + "'");
        }
        return entry;
    }

    /** The definition documented just before {@code name}, if any. */
    Optional<String> predecessorOf(String name) {
        String previous = null;
        for (String candidate : entriesByName.keySet()) {
            if (candidate.equals(name)) {
                return Optional.ofNullable(previous);
            }
            previous = candidate;
        }
        throw new SeedImportException("the man page does not document '" + name + "'");
    }
}
