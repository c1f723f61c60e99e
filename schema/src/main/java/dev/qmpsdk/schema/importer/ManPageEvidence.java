package dev.qmpsdk.schema.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks QAPI doc text against the man page's rendering of it.
 *
 * <p>The man page reflows text (and may hyphenate identifiers at line ends), renders {@code @name} as
 * {@code "name"} and list bullets as {@code •}, and adds its own scaffolding (member types, "Members:").
 * So the comparison is made on a canonical form with white space, quotes, {@code @}, {@code *},
 * {@code _} and bullets removed: each doc paragraph, in that form, must occur in the entry's text.
 */
final class ManPageEvidence {
    private static final Pattern IGNORED = Pattern.compile("[\\s\"@*_\u2022]");
    /** A doc line that starts a new paragraph even without a blank line before it. */
    private static final Pattern PARAGRAPH_START =
            Pattern.compile("^(@[\\w-]+:|Since|Returns|Notes?:|Example|\\* |- ).*");
    private static final Pattern MEMBER_TAG = Pattern.compile("^@[\\w-]+:");

    private ManPageEvidence() {
    }

    static String canonical(String text) {
        return IGNORED.matcher(text).replaceAll("");
    }

    /**
     * The paragraphs of the doc block in {@code commentLines} that the man page text does not contain,
     * empty when the man page confirms all of them. Comment lines outside the {@code ##} doc block (plain
     * comments such as a TODO) are not checked: the man page never shows them.
     */
    static List<String> unconfirmedParagraphs(List<String> commentLines, String manPageText) {
        String haystack = canonical(manPageText);
        List<String> missing = new ArrayList<>();
        for (String paragraph : paragraphs(docBlock(commentLines))) {
            String needle = canonical(MEMBER_TAG.matcher(paragraph).replaceFirst(""));
            if (!needle.isEmpty() && !haystack.contains(needle)) {
                missing.add(paragraph);
            }
        }
        return missing;
    }

    /** The text lines (without the leading '#') between the first '##' and the next '##'. */
    private static List<String> docBlock(List<String> commentLines) {
        List<String> text = new ArrayList<>();
        boolean inside = false;
        for (String line : commentLines) {
            if (line.equals("##")) {
                if (inside) {
                    break;
                }
                inside = true;
            } else if (inside) {
                text.add(line.substring(1).trim());
            }
        }
        return text;
    }

    private static List<String> paragraphs(List<String> lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isEmpty() || PARAGRAPH_START.matcher(line).matches()) {
                flush(current, paragraphs);
            }
            if (!line.isEmpty()) {
                current.append(current.length() == 0 ? "" : " ").append(line);
            }
        }
        flush(current, paragraphs);
        return paragraphs;
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        if (current.length() > 0) {
            paragraphs.add(current.toString());
            current.setLength(0);
        }
    }
}
