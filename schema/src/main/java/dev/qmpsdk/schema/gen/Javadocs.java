package dev.qmpsdk.schema.gen;

import dev.qmpsdk.schema.model.Doc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns QAPI doc text into Javadoc. QAPI docs are plain text, so everything that Javadoc or javac would
 * interpret ({@code <}, {@code &}, {@code @}, comment terminators, backslash-u escapes) is escaped, and
 * examples become preformatted blocks.
 */
final class Javadocs {
    private Javadocs() {}

    /** Javadoc for a definition: summary and body, then notes, returns, examples and since. */
    static String forDefinition(@Nullable Doc doc, String fallback) {
        if (doc == null) {
            return escape(fallback) + "\n";
        }
        StringBuilder sb = new StringBuilder();
        String body = doc.body().strip();
        sb.append(body.isEmpty() ? escape(fallback) : paragraphs(body)).append('\n');
        for (Doc.Section s : doc.sections()) {
            String tag = s.tag().toLowerCase(Locale.ROOT);
            if (tag.equals("since") || tag.equals("returns")) {
                continue;
            }
            if (tag.startsWith("example")) {
                sb.append("\n<p><b>").append(escape(s.tag())).append(":</b>\n<pre>\n")
                        .append(literal(stripIndent(s.text()))).append("\n</pre>\n");
            } else {
                sb.append("\n<p><b>").append(escape(s.tag())).append(":</b> ").append(paragraphs(s.text().strip())).append('\n');
            }
        }
        doc.returns().ifPresent(r -> sb.append("\n<p><b>Returns:</b> ").append(paragraphs(r.strip())).append('\n'));
        doc.since().ifPresent(v -> sb.append("\n<p>Since QEMU ").append(escape(v.strip())).append('\n'));
        return sb.toString();
    }

    /** Javadoc for a member's accessor or setter; empty when the schema documents nothing. */
    static String forMember(@Nullable String doc) {
        if (doc == null || doc.isBlank()) {
            return "";
        }
        return paragraphs(doc.strip()) + "\n";
    }

    /** Escapes text and turns blank lines into paragraph breaks. */
    static String paragraphs(String text) {
        List<String> paras = new ArrayList<>();
        for (String p : text.split("\\n\\s*\\n")) {
            if (!p.isBlank()) {
                paras.add(escape(p.strip()));
            }
        }
        return String.join("\n<p>", paras);
    }

    /** QAPI's {@code @name} references to members and types. */
    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("@([A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9_])");

    /** Escapes text for Javadoc; QAPI's {@code @name} references become {@code {@code name}}. */
    static String escape(String text) {
        java.util.regex.Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int last = 0;
        while (m.find()) {
            escapeInto(sb, text.substring(last, m.start()));
            sb.append("{@code ").append(m.group(1)).append('}');
            last = m.end();
        }
        escapeInto(sb, text.substring(last));
        return sb.toString();
    }

    /** Escapes text without interpreting anything in it (for examples). */
    static String literal(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        escapeInto(sb, text);
        return sb.toString();
    }

    private static void escapeInto(StringBuilder sb, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '@' -> sb.append("&#64;");
                case '\\' -> sb.append("&#92;");
                case '*' -> sb.append(i + 1 < text.length() && text.charAt(i + 1) == '/' ? "&#42;" : "*");
                case '{' -> sb.append("&#123;");
                case '}' -> sb.append("&#125;");
                default -> sb.append(c);
            }
        }
    }

    private static String stripIndent(String text) {
        return text.stripTrailing().replaceAll("^\\n+", "");
    }
}
