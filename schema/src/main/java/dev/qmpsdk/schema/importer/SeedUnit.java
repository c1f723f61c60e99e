package dev.qmpsdk.schema.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One unit of the collapsed seed: the comment lines that preceded a top-level expression, and the
 * expression. {@code number} (1-based) and {@code offset} (character offset of the expression's
 * {@code &#123;} in the seed file) locate it for error messages; repaired or added units keep the
 * position of the unit they belong to, or -1 when they have none.
 */
record SeedUnit(int number, int offset, List<String> commentLines, ObjectNode expression) {

    SeedUnit {
        commentLines = List.copyOf(commentLines);
    }

    String metaType() {
        return QapiExpressionRules.metaType(expression);
    }

    String name() {
        return QapiExpressionRules.name(expression);
    }

    /** Same unit with other comment lines, e.g. a doc block restored from the man page. */
    SeedUnit withCommentLines(List<String> lines) {
        return new SeedUnit(number, offset, lines, expression);
    }

    /** "unit 12 at offset 3456 (struct 'Foo')", for messages. */
    String describe() {
        return "unit " + number + " at offset " + offset + " (" + metaType() + " '" + name() + "')";
    }
}
