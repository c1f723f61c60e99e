package dev.qmpsdk.schema.importer;

import java.util.List;
import java.util.Map;

/**
 * The README.md written next to the recovered schema: where the files come from, how they were made,
 * the repairs (listed from {@link ManPageRepairs#REPAIRS}, so the list cannot drift from the code) and
 * the command that rebuilds them.
 */
final class ImportReadme {
    private ImportReadme() {
    }

    /**
     * @param seedUnits   expressions found in seed 003
     * @param uniqueUnits expressions left after removing repeated copies
     * @param modules     the module files and their contents, for the list of headings
     */
    static String render(int seedUnits, int uniqueUnits, Map<String, List<SchemaModules.Item>> modules) {
        StringBuilder out = new StringBuilder();
        out.append("# QAPI schema of QEMU 2.11.2\n\n")
                .append("The `*.json` files here are the QAPI schema of QEMU 2.11.2, the schema the SDK is\n")
                .append("generated from. They are produced by `tools/import-schema`\n")
                .append("(`dev.qmpsdk.schema.importer.SeedSchemaImporter`) and must not be edited by hand:\n")
                .append("`SeedSchemaImportTest` fails when they differ from what the importer writes.\n\n")
                .append("## Sources\n\n")
                .append("- `003_f38e037d18e77a60.txt` (seed 003): the whole 2.11.2 schema with its doc comments,\n")
                .append("  every module inlined at each include, collapsed into one line. Every expression and\n")
                .append("  every doc comment comes from here, except the repairs below.\n")
                .append("- `000_2a28d86bcf41dded.txt` (seed 000): the man page qemu-qmp-ref(7) of QEMU 2.11.\n")
                .append("  Its section headings place each definition in a module; its text is the source of the\n")
                .append("  repairs and confirms every doc paragraph of the result.\n\n")
                .append("## How they were recovered\n\n")
                .append("1. The seed is split into units (comment region, then one top-level expression). A unit\n")
                .append("   ends at a `{` that starts a complete JSON value which is a valid QAPI top-level\n")
                .append("   expression, so the `-> { \"execute\": ... }` examples in doc comments are not taken.\n")
                .append("2. Comment lines are restored by starting a new line at every `#` or `##` that stands\n")
                .append("   alone between white space. Indentation inside comments was lost in the seed.\n")
                .append("3. The seed holds ").append(seedUnits).append(" expressions; repeated copies (identical, which is\n")
                .append("   checked) are dropped, leaving ").append(uniqueUnits).append(" in first-occurrence order.\n")
                .append("4. Damage is repaired from the man page (below).\n")
                .append("5. Each definition goes to the module of its man-page section, as in QEMU 2.11.\n")
                .append("6. Every doc paragraph is checked against the man page; the importer reports any that\n")
                .append("   the man page does not contain, and any definition it does not list.\n\n")
                .append("## Repairs from the man page\n\n");
        for (DocRepair repair : ManPageRepairs.REPAIRS) {
            out.append("- ").append(repair.summary()).append("; man page: ").append(repair.manPageSource())
                    .append('\n');
        }
        out.append("\n## Files\n\n")
                .append("- `qapi-schema.json`: a header comment, the pragma, and the includes in section order.\n");
        modules.forEach((file, items) -> {
            out.append("- `").append(file).append("`:");
            items.stream().filter(SchemaModules.Heading.class::isInstance).map(SchemaModules.Heading.class::cast)
                    .forEach(heading -> out.append(" `").append("=".repeat(heading.level())).append(' ')
                            .append(heading.title()).append('`'));
            out.append('\n');
        });
        out.append("\n## Known differences from QEMU's own files\n\n")
                .append("- QEMU 2.11 kept the \"Miscellanea\" definitions in qapi-schema.json itself; here they\n")
                .append("  are in `misc.json` (where QEMU 2.12 moved them).\n")
                .append("- Indentation inside doc comments, comments inside expressions (such as `# TODO`), the\n")
                .append("  introduction doc block of qapi-schema.json and the modules' own includes of\n")
                .append("  common.json and the like are not in the seed and are not restored.\n")
                .append("- Expressions are re-formatted in one deterministic style.\n")
                .append("- The man page (an Ubuntu build of 2.11) documents a member `domainname` of\n")
                .append("  `NetdevUserOptions` \"(since 2.12)\"; QEMU 2.11.2 does not have it, and it is not added.\n\n")
                .append("## Rebuild\n\n")
                .append("From the repository root, with the seeds in `../shared/seeds`:\n\n")
                .append("    tools/import-schema\n\n")
                .append("or with explicit paths:\n\n")
                .append("    tools/import-schema --seed ../shared/seeds/003_f38e037d18e77a60.txt \\\n")
                .append("        --manpage ../shared/seeds/000_2a28d86bcf41dded.txt --out schema/qapi\n");
        return out.toString();
    }
}
