package dev.qmpsdk.schema.gen;

import dev.qmpsdk.schema.model.DefinitionInfo;
import dev.qmpsdk.schema.model.Doc;
import dev.qmpsdk.schema.model.Feature;
import dev.qmpsdk.schema.model.IfCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * What a definition's {@code 'if'} and features mean for a user, as paragraphs (empty when it has
     * neither). The generator does not evaluate conditions: it generates everything, and says here which
     * QEMU builds have it.
     */
    static String availability(DefinitionInfo info) {
        Doc doc = info.doc();
        return availability(info.ifCond(), info.features(), doc == null ? Map.of() : doc.features());
    }

    /** The same for a member, enum value or branch. */
    static String availability(@Nullable IfCondition ifCond, List<Feature> features) {
        return availability(ifCond, features, Map.of());
    }

    private static String availability(@Nullable IfCondition ifCond, List<Feature> features, Map<String, String> featureDocs) {
        StringBuilder sb = new StringBuilder();
        if (ifCond != null) {
            sb.append("<p>Only when QEMU is built with ").append(condition(ifCond))
                    .append(" (not checked here: this code is generated regardless).\n");
        }
        for (Feature f : features) {
            sb.append("<p><b>");
            if (f.isDeprecated()) {
                sb.append("Deprecated</b> (QAPI feature {@code deprecated})");
            } else if (f.isUnstable()) {
                sb.append("Unstable</b> (QAPI feature {@code unstable}): may change or go away without deprecation");
            } else {
                sb.append("Feature</b> ").append(code(f.name()));
            }
            String text = featureDocs.get(f.name());
            if (text != null && !text.isBlank()) {
                sb.append(": ").append(paragraphs(text.strip()));
            } else {
                sb.append('.');
            }
            if (f.ifCond() != null) {
                sb.append(" Only when QEMU is built with ").append(condition(f.ifCond())).append('.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A condition in words: {@code CONFIG_A}, {@code CONFIG_A} and not {@code CONFIG_B}, (A or B). */
    static String condition(IfCondition c) {
        if (c instanceof IfCondition.Name n) {
            return code(n.name());
        }
        if (c instanceof IfCondition.Not not) {
            return "not " + nested(not.condition());
        }
        List<IfCondition> parts = c instanceof IfCondition.All all ? all.conditions() : ((IfCondition.Any) c).conditions();
        String joiner = c instanceof IfCondition.All ? " and " : " or ";
        List<String> words = new ArrayList<>();
        parts.forEach(p -> words.add(nested(p)));
        return String.join(joiner, words);
    }

    private static String nested(IfCondition c) {
        return c instanceof IfCondition.Name || c instanceof IfCondition.Not ? condition(c) : "(" + condition(c) + ")";
    }

    private static String code(String name) {
        return name.matches("[\\w()!&|. ]+") ? "{@code " + name + "}" : escape(name);
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
