package dev.qmpsdk.schema.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recovers the QAPI schema of QEMU 2.11.2 from the seed documents as ordinary QAPI source files.
 *
 * <p>Seed 003 is the whole schema collapsed into one line; seed 000 is the qemu-qmp-ref(7) man page.
 * The importer splits 003 into units, restores the comment lines, drops the repeated copies of inlined
 * modules, repairs the damage the man page lets it repair, assigns each definition to the module of its
 * man-page section and writes {@code qapi-schema.json}, one file per module and a README.
 *
 * <p>Usage: {@code SeedSchemaImporter --seed <003 file> --manpage <000 file> --out <dir>}. Warnings
 * (definitions the man page does not list, doc text it does not confirm) go to standard error.
 */
public final class SeedSchemaImporter {
    /** The result of an import: file name to content, and what the man page could not confirm. */
    public record ImportResult(Map<String, String> files, List<String> warnings) {
        public ImportResult {
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
            warnings = List.copyOf(warnings);
        }
    }

    private SeedSchemaImporter() {
    }

    public static void main(String[] args) {
        Map<String, String> options = parseOptions(args);
        try {
            ImportResult result = run(Path.of(options.get("--seed")), Path.of(options.get("--manpage")),
                    Path.of(options.get("--out")));
            result.warnings().forEach(warning -> System.err.println("warning: " + warning));
            System.err.println("wrote " + result.files().size() + " files to " + options.get("--out"));
        } catch (SeedImportException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Imports from the seed files and writes the result into {@code outDir}, replacing stale files. */
    public static ImportResult run(Path seed, Path manPage, Path outDir) {
        ImportResult result = importSchema(read(seed), read(manPage));
        try {
            Files.createDirectories(outDir);
            removeStaleFiles(outDir, result.files().keySet());
            for (Map.Entry<String, String> file : result.files().entrySet()) {
                Files.writeString(outDir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the schema files to " + outDir, e);
        }
        return result;
    }

    /** Imports from the seed texts; writes nothing. */
    public static ImportResult importSchema(String seedText, String manPageText) {
        List<String> warnings = new ArrayList<>();
        List<SeedUnit> units = SeedSplitter.split(seedText);
        List<SeedUnit> unique = Deduplicator.keepFirstOccurrences(units);
        ManPage manPage = ManPage.parse(manPageText, ModuleLayout.subsectionTitles());
        List<SeedUnit> repaired = ManPageRepairs.apply(unique, manPage);
        ManPageCrossCheck.check(repaired, manPage, warnings::add);
        SchemaModules modules = SchemaModules.assign(repaired, manPage, warnings::add);
        Map<String, String> files = new LinkedHashMap<>(QapiSourceWriter.render(modules));
        files.put("README.md", ImportReadme.render(units.size(), unique.size(), modules.modules()));
        return new ImportResult(files, warnings);
    }

    private static void removeStaleFiles(Path outDir, java.util.Set<String> written) throws IOException {
        try (Stream<Path> existing = Files.list(outDir)) {
            for (Path file : existing.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !written.contains(name)) {
                    System.err.println("removing stale " + file);
                    Files.delete(file);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SeedImportException("cannot read " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!List.of("--seed", "--manpage", "--out").contains(args[i]) || i + 1 >= args.length) {
                usage("unexpected argument '" + args[i] + "'");
            }
            options.put(args[i], args[++i]);
        }
        for (String required : List.of("--seed", "--manpage", "--out")) {
            if (!options.containsKey(required)) {
                usage("missing " + required);
            }
        }
        return options;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: SeedSchemaImporter --seed <003 file> --manpage <000 file> --out <dir>");
        System.exit(2);
    }
}
