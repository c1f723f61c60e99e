package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.Doc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Splits the lines of one {@code ## ... ##} block (with {@code "# "} already removed) into a {@link Doc}.
 *
 * <p>Shape of a block: a symbol line {@code @name:} (1.x often left out the colon), free body text,
 * {@code @member: text} descriptions whose continuation lines follow, an optional {@code Features:} line
 * followed by {@code @feature: text} entries, and tagged sections ({@code Returns:}, {@code Since:},
 * {@code Example:}...) that run until the next tag. Nothing here is an error: old documentation is
 * informal, and a wrong guess only moves text between parts.
 */
final class DocBlockParser {
    private static final Pattern SYMBOL = Pattern.compile("@([^\\s:]+):?\\s*(.*)");
    private static final Pattern DESCRIPTION = Pattern.compile("@([\\w.+-]+):\\s*(.*)");
    private static final Pattern TAG = Pattern.compile(
            "(Returns?|Since|Notes?|Examples?|TODO|Todo|Errors?)\\s*:\\s*(.*)");
    /** An rST directive that current (8.x+) QEMU docs use for examples and admonitions. */
    private static final Pattern DIRECTIVE = Pattern.compile(
            "\\.\\. (qmp-example|note|caution|warning|important|admonition|danger|attention|tip|hint|seealso)::\\s*(.*)");

    private final List<String> body = new ArrayList<>();
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final Map<String, List<String>> features = new LinkedHashMap<>();
    private final List<String> sectionTags = new ArrayList<>();
    private final List<List<String>> sectionTexts = new ArrayList<>();
    private List<String> current = body;
    private boolean inDescription;
    private boolean inFeatures;
    private boolean inExample;
    private boolean afterBlank;
    /**
     * True inside a section that an unindented paragraph ends (text returns to the body): an rST directive's
     * indented content, or {@code Since:}, which current QEMU docs may follow with free text.
     */
    private boolean endsAtUnindented;

    private DocBlockParser() {}

    /** The heading text of a {@code # = Heading} block (any number of {@code =}), or null. */
    static @Nullable String heading(List<String> lines) {
        for (String line : lines) {
            if (!line.isBlank()) {
                String first = line.strip();
                return first.startsWith("=") ? first.replaceFirst("^=+", "").strip() : null;
            }
        }
        return null;
    }

    static Doc parse(List<String> lines) {
        return new DocBlockParser().run(lines);
    }

    private Doc run(List<String> lines) {
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        String symbol = null;
        if (i < lines.size()) {
            Matcher m = SYMBOL.matcher(lines.get(i).strip());
            if (m.matches()) {
                symbol = m.group(1);
                if (!m.group(2).isEmpty()) {
                    body.add(m.group(2));
                }
                i++;
            }
        }
        for (; i < lines.size(); i++) {
            accept(lines.get(i));
        }
        List<Doc.Section> sections = new ArrayList<>();
        for (int s = 0; s < sectionTags.size(); s++) {
            sections.add(new Doc.Section(sectionTags.get(s), TextBlock.of(sectionTexts.get(s))));
        }
        return new Doc(symbol, TextBlock.of(body), descriptions(members), descriptions(features), sections);
    }

    private void accept(String line) {
        if (line.isBlank()) {
            current.add("");
            afterBlank = true;
            return;
        }
        String stripped = line.strip();
        boolean flush = !Character.isWhitespace(line.charAt(0));
        Matcher description = DESCRIPTION.matcher(stripped);
        Matcher tag = TAG.matcher(stripped);
        Matcher directive = DIRECTIVE.matcher(stripped);
        if (endsAtUnindented && afterBlank && flush && !directive.matches() && !tag.matches()) {
            current = body;
            endsAtUnindented = false;
            inExample = false;
            if (!body.isEmpty()) {
                body.add("");
            }
        }
        if (flush && directive.matches()) {
            // ".. qmp-example::" is an example; ".. note::" and the other admonitions are notes
            String kind = directive.group(1);
            boolean example = kind.equals("qmp-example");
            boolean titled = kind.equals("admonition") && !directive.group(2).isEmpty();
            current = new ArrayList<>();
            if (!example && !titled && !directive.group(2).isEmpty()) {
                current.add(directive.group(2));
            }
            sectionTags.add(example ? "Example" : titled ? directive.group(2) : capitalize(kind));
            sectionTexts.add(current);
            inExample = example;
            inDescription = false;
            inFeatures = false;
            endsAtUnindented = true;
        } else if (endsAtUnindented && inExample && stripped.equals(":annotated:")) {
            // a qmp-example option without meaning here
        } else if (endsAtUnindented && inExample && stripped.startsWith(":title:")) {
            current.add(line.replaceFirst(":title:\\s*", ""));
        } else if (!inExample && description.matches() && !Character.isWhitespace(line.charAt(0))) {
            current = new ArrayList<>(List.of(description.group(2)));
            (inFeatures ? features : members).put(description.group(1), current);
            inDescription = true;
        } else if (stripped.equals("Features:")) {
            inFeatures = true;
            inDescription = false;
            current = body;
        } else if (tag.matches() && !Character.isWhitespace(line.charAt(0))) {
            current = new ArrayList<>();
            if (!tag.group(2).isEmpty()) {
                current.add(tag.group(2));
            }
            sectionTags.add(tag.group(1));
            sectionTexts.add(current);
            inExample = tag.group(1).startsWith("Example");
            inDescription = false;
            inFeatures = false;
            endsAtUnindented = tag.group(1).equals("Since");
        } else {
            if (inDescription && afterBlank && !Character.isWhitespace(line.charAt(0))) {
                // an unindented paragraph after a member list belongs to the definition, not the member
                current = body;
                inDescription = false;
                if (!body.isEmpty() && !body.get(body.size() - 1).isEmpty()) {
                    body.add("");
                }
            }
            current.add(inDescription ? stripped : line);
        }
        afterBlank = false;
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static Map<String, String> descriptions(Map<String, List<String>> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((name, lines) -> out.put(name, TextBlock.of(lines)));
        return out;
    }
}
