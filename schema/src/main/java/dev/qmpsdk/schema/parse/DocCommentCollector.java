package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.Doc;
import dev.qmpsdk.schema.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Watches the comment lines between top-level expressions of one file and hands each expression the
 * doc block that precedes it, and the section heading in force.
 *
 * <p>A doc block is the lines between a {@code ##} line and the next {@code ##} line. A block whose first
 * line is {@code = Heading} is a section heading, not documentation. Of several blocks before one
 * expression the last one documents it; the others are free-form text. In lenient mode two kinds of 1.x
 * damage are repaired: a block still open when the expression starts is closed there (with a warning),
 * and when a file lost its {@code ##} lines altogether the comment lines from the first {@code @symbol}
 * line up to the expression are taken as its doc block.
 */
final class DocCommentCollector {
    private final Diagnostics diagnostics;
    private @Nullable List<String> openBlock;
    private @Nullable SourceLocation openedAt;
    private @Nullable Doc lastDoc;
    private final List<String> looseLines = new ArrayList<>();
    /** Where the current run of adjacent loose comment lines starts in {@link #looseLines}. */
    private int looseRunStart;
    private int lastCommentLine = -1;
    private boolean lastCommentWasLoose;
    private @Nullable String section;

    DocCommentCollector(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void comment(Token comment) {
        int line = comment.location().line();
        boolean adjacent = line == lastCommentLine + 1;
        lastCommentLine = line;
        if (comment.text().strip().equals("##")) {
            marker(comment, adjacent && lastCommentWasLoose);
            lastCommentWasLoose = false;
            return;
        }
        String text = withoutHash(comment.text());
        if (openBlock != null) {
            openBlock.add(text);
            lastCommentWasLoose = false;
        } else {
            if (!adjacent || !lastCommentWasLoose) {
                looseRunStart = looseLines.size();
            }
            looseLines.add(text);
            lastCommentWasLoose = true;
        }
    }

    /**
     * A {@code ##} line opens a block, or closes the open one. In lenient mode, right below loose comment
     * lines that start with an {@code @symbol} line, it closes a block whose opening {@code ##} is missing
     * (seen in 1.x, whose tools never read the docs). Anywhere else it opens a block, as QEMU's parser
     * does: current schemas start with {@code # vim: filetype=python} right above the first {@code ##}.
     */
    private void marker(Token marker, boolean closesLooseRun) {
        if (openBlock != null) {
            closeBlock();
        } else if (closesLooseRun && diagnostics.lenient() && looseRunHasSymbol()) {
            diagnostics.tolerate(marker.location(), "'##' closes a doc block that was never opened");
            openBlock = new ArrayList<>(looseLines.subList(looseRunStart, looseLines.size()));
            looseLines.subList(looseRunStart, looseLines.size()).clear();
            closeBlock();
        } else {
            openBlock = new ArrayList<>();
            openedAt = marker.location();
        }
    }

    private boolean looseRunHasSymbol() {
        return looseLines.subList(looseRunStart, looseLines.size()).stream().anyMatch(l -> l.startsWith("@"));
    }

    /** The doc block for the expression starting at {@code location}; resets for the next expression. */
    @Nullable Doc docForExpressionAt(SourceLocation location) {
        if (openBlock != null) {
            diagnostics.tolerate(openedAt, "doc block is not closed with '##' before the expression at line "
                    + location.line());
            closeBlock();
        }
        Doc doc = lastDoc;
        if (doc == null && diagnostics.lenient()) {
            doc = docFromLooseLines();
        }
        lastDoc = null;
        looseLines.clear();
        return doc;
    }

    /** The text of the most recent {@code = Heading} in this file, or null. */
    @Nullable String section() {
        return section;
    }

    private void closeBlock() {
        List<String> lines = openBlock;
        openBlock = null;
        String heading = DocBlockParser.heading(lines);
        if (heading != null) {
            section = heading;
        } else {
            lastDoc = DocBlockParser.parse(lines);
        }
    }

    /** The comment lines since the previous expression, from the first {@code @symbol} line on. */
    private @Nullable Doc docFromLooseLines() {
        for (int i = 0; i < looseLines.size(); i++) {
            if (looseLines.get(i).startsWith("@")) {
                return DocBlockParser.parse(looseLines.subList(i, looseLines.size()));
            }
        }
        return null;
    }

    /** Removes {@code #} and the one space that conventionally follows it. */
    private static String withoutHash(String line) {
        String text = line.substring(1);
        return text.startsWith(" ") ? text.substring(1) : text;
    }
}
