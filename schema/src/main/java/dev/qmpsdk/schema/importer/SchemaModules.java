package dev.qmpsdk.schema.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The recovered schema laid out in module files: the main file's pragma and includes, and for every
 * module its headings, nested includes and definitions in man-page order. Built by {@link #assign}.
 */
final class SchemaModules {
    /** One element of a module file, in file order. */
    sealed interface Item {
    }

    /** A section ({@code level} 1, "= Title") or subsection (2, "== Title") heading doc block. */
    record Heading(String title, int level) implements Item {
    }

    /** {@code { 'include': 'file' }}. */
    record Include(String file) implements Item {
    }

    /** A definition with its comment. */
    record Definition(SeedUnit unit) implements Item {
    }

    private final SeedUnit pragma;
    private final Map<String, List<Item>> modules;

    private SchemaModules(SeedUnit pragma, Map<String, List<Item>> modules) {
        this.pragma = pragma;
        this.modules = modules;
    }

    /** The pragma expression (with its comment) that goes into the main file. */
    SeedUnit pragma() {
        return pragma;
    }

    /** Module files in the order the main file includes them or they are first included. */
    Map<String, List<Item>> modules() {
        return modules;
    }

    /** The files the main file includes: those holding a top-level section, in section order. */
    List<String> topLevelIncludes() {
        List<String> included = new ArrayList<>();
        modules.values().forEach(items -> items.stream()
                .filter(Include.class::isInstance).map(item -> ((Include) item).file()).forEach(included::add));
        return modules.keySet().stream().filter(file -> !included.contains(file)).toList();
    }

    /**
     * Puts every unit into the module of its man-page section. A definition the man page does not list
     * stays in the module of the definition before it and is reported to {@code warnings}.
     */
    static SchemaModules assign(List<SeedUnit> units, ManPage manPage, Consumer<String> warnings) {
        Map<String, List<Item>> modules = new LinkedHashMap<>();
        List<String> sectionsSeen = new ArrayList<>();
        SeedUnit pragma = null;
        String section = null;
        String subsection = null;
        String sectionFile = null;
        String currentFile = null;
        for (SeedUnit unit : units) {
            if (unit.metaType().equals("pragma")) {
                if (pragma != null) {
                    throw new SeedImportException(unit.describe() + ": a second pragma (first: "
                            + pragma.describe() + ")");
                }
                pragma = unit;
                continue;
            }
            Optional<ManPage.Entry> found = manPage.entry(unit.name());
            if (found.isEmpty()) {
                if (currentFile == null) {
                    throw new SeedImportException(unit.describe()
                            + " is not in the man page and no definition precedes it to place it by");
                }
                warnings.accept(unit.describe() + " is not in the man page; kept in " + currentFile
                        + " after the definition before it");
                modules.get(currentFile).add(new Definition(unit));
                continue;
            }
            ManPage.Entry entry = found.get();
            if (!entry.section().equals(section)) {
                section = entry.section();
                subsection = null;
                if (sectionsSeen.contains(section) || ModuleLayout.isFrontMatter(section)) {
                    throw new SeedImportException(unit.describe() + ": man-page section '" + section
                            + "' (line " + entry.line() + ") does not continue the section before it");
                }
                sectionsSeen.add(section);
                String file = ModuleLayout.sectionFile(section).orElseThrow(() -> new SeedImportException(
                        "man-page section '" + entry.section() + "' has no module file in ModuleLayout"));
                modules.computeIfAbsent(file, f -> new ArrayList<>()).add(new Heading(section, 1));
                sectionFile = file;
                currentFile = file;
            }
            if (!Objects.equals(entry.subsection(), subsection)) {
                subsection = entry.subsection();
                String file = subsection == null ? sectionFile : ModuleLayout.subsectionFile(subsection)
                        .orElseThrow(() -> new SeedImportException("man-page subsection '" + entry.subsection()
                                + "' has no module file in ModuleLayout"));
                if (!modules.containsKey(file)) {
                    modules.get(sectionFile).add(new Include(file));
                    modules.put(file, new ArrayList<>());
                }
                if (subsection != null) {
                    modules.get(file).add(new Heading(subsection, 2));
                }
                currentFile = file;
            }
            modules.get(currentFile).add(new Definition(unit));
        }
        if (pragma == null) {
            throw new SeedImportException("the seed has no pragma expression");
        }
        return new SchemaModules(pragma, modules);
    }
}
