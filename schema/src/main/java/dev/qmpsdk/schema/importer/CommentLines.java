package dev.qmpsdk.schema.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * Restores the lines of a comment region whose newlines were collapsed into single spaces.
 *
 * <p>A new line starts at every {@code #} or {@code ##} that stands alone between white space: that is
 * how every comment line begins ({@code # text}, a bare {@code #}, or the {@code ##} doc delimiters).
 * A {@code #} glued to a word ({@code #block212} in an example, {@code #str} in the qom-get doc) is text
 * inside a line and is left alone. Indentation inside lines is lost in the seed and cannot be restored.
 */
final class CommentLines {
    private CommentLines() {
    }

    /**
     * Splits {@code region} into comment lines.
     *
     * @param region collapsed comment text, possibly empty
     * @param where  position of the region, for the error message
     * @throws SeedImportException when the region contains text that is not in a comment
     */
    static List<String> restore(String region, String where) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = null;
        for (String token : region.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("#") || token.equals("##")) {
                if (line != null) {
                    lines.add(line.toString());
                }
                line = new StringBuilder(token);
            } else if (line == null) {
                throw new SeedImportException(where + ": text outside a comment before the expression: '"
                        + abbreviate(region) + "'");
            } else {
                line.append(' ').append(token);
            }
        }
        if (line != null) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String abbreviate(String text) {
        String trimmed = text.trim();
        return trimmed.length() <= 60 ? trimmed : trimmed.substring(0, 60) + "...";
    }
}
