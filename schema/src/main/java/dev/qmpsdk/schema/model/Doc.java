package dev.qmpsdk.schema.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The documentation block ({@code ## ... ##}) that precedes a definition, split into its parts.
 * Texts keep their line breaks; the leading {@code "# "} of each line is removed.
 *
 * @param symbol the name after {@code @} on the first line ({@code @query-status:}), or null for a free-form block
 * @param body the text between the symbol line and the first member or tagged section
 * @param members the {@code @member: text} descriptions, in source order
 * @param features the {@code @feature: text} descriptions under a {@code Features:} heading, in source order
 * @param sections the tagged sections ({@code Returns:}, {@code Since:}, {@code Example:}, {@code Notes:}...) in source order
 */
public record Doc(
        @Nullable String symbol,
        String body,
        Map<String, String> members,
        Map<String, String> features,
        List<Section> sections) {

    public Doc {
        members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
        features = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(features));
        sections = List.copyOf(sections);
    }

    /**
     * One tagged section of a doc block.
     *
     * @param tag the tag as written without the colon ({@code Since}, {@code Returns}, {@code Example}, {@code Note}...)
     * @param text the section text, lines joined with {@code \n}
     */
    public record Section(String tag, String text) {}

    /** The first section with this tag (case-insensitive), if any. */
    public Optional<String> section(String tag) {
        return sections.stream().filter(s -> s.tag().equalsIgnoreCase(tag)).map(Section::text).findFirst();
    }

    /** The {@code Since:} version text. */
    public Optional<String> since() {
        return section("Since");
    }

    /** The {@code Returns:} text. */
    public Optional<String> returns() {
        return section("Returns");
    }

    /** Every {@code Example:}/{@code Examples:} section. */
    public List<String> examples() {
        return sections.stream()
                .filter(s -> s.tag().toLowerCase(java.util.Locale.ROOT).startsWith("example"))
                .map(Section::text)
                .toList();
    }
}
