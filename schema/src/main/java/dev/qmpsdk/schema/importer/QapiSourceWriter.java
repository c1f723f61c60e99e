package dev.qmpsdk.schema.importer;

import java.util.List;
import java.util.Map;

/**
 * Renders {@link SchemaModules} as QAPI source text: the main file {@code qapi-schema.json} and one
 * file per module, each starting with QEMU's mode line and its section heading doc block.
 */
final class QapiSourceWriter {
    static final String MAIN_FILE = "qapi-schema.json";
    private static final String MODE_LINE = "# -*- Mode: Python -*-";

    private QapiSourceWriter() {
    }

    /** File name to content, main file first, then the modules in include order. */
    static Map<String, String> render(SchemaModules schema) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put(MAIN_FILE, mainFile(schema));
        schema.modules().forEach((file, items) -> files.put(file, moduleFile(items)));
        return files;
    }

    private static String mainFile(SchemaModules schema) {
        StringBuilder out = new StringBuilder();
        out.append(MODE_LINE).append('\n')
                .append("#\n")
                .append("# QAPI schema of QEMU 2.11.2, recovered from the seed documents by\n")
                .append("# dev.qmpsdk.schema.importer.SeedSchemaImporter; see README.md.\n")
                .append("# Rebuild with tools/import-schema instead of editing by hand.\n");
        appendUnit(out, schema.pragma());
        out.append('\n');
        for (String include : schema.topLevelIncludes()) {
            out.append(includeLine(include)).append('\n');
        }
        return out.toString();
    }

    private static String moduleFile(List<SchemaModules.Item> items) {
        StringBuilder out = new StringBuilder(MODE_LINE).append('\n');
        for (SchemaModules.Item item : items) {
            if (item instanceof SchemaModules.Heading heading) {
                out.append("\n##\n# ").append("=".repeat(heading.level())).append(' ')
                        .append(heading.title()).append("\n##\n");
            } else if (item instanceof SchemaModules.Include include) {
                out.append('\n').append(includeLine(include.file())).append('\n');
            } else if (item instanceof SchemaModules.Definition definition) {
                appendUnit(out, definition.unit());
            }
        }
        return out.toString();
    }

    /** A blank line, the unit's comment lines, then its expression. */
    private static void appendUnit(StringBuilder out, SeedUnit unit) {
        out.append('\n');
        unit.commentLines().forEach(line -> out.append(line).append('\n'));
        out.append(QapiLiteralFormatter.format(unit.expression())).append('\n');
    }

    private static String includeLine(String file) {
        return "{ 'include': " + QapiLiteralFormatter.quote(file) + " }";
    }
}
