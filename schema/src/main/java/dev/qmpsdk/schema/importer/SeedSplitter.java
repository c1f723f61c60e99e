package dev.qmpsdk.schema.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts the one-line seed into {@link SeedUnit}s: comment region, then one top-level expression.
 *
 * <p>A split point is a {@code &#123;} that starts a complete JSON value which is also a valid QAPI
 * top-level expression ({@link QapiExpressionRules}). "Parses as JSON" alone is not enough: the doc
 * comments hold hundreds of complete JSON values in their {@code ->}/{@code <-} examples.
 */
final class SeedSplitter {
    /** The first line of seed 003; the schema text follows it. */
    static final String HEADER = "##QEMU SPECIFICATION VERSION: 2.11.2";

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SeedSplitter() {
    }

    /** Splits {@code seed} (the whole seed file) into units in seed order. */
    static List<SeedUnit> split(String seed) {
        if (!seed.startsWith(HEADER)) {
            throw new SeedImportException("seed does not start with '" + HEADER + "' but with '"
                    + seed.substring(0, Math.min(40, seed.length())) + "'");
        }
        char[] text = seed.toCharArray();
        List<SeedUnit> units = new ArrayList<>();
        int regionStart = HEADER.length();
        int searchFrom = regionStart;
        while (true) {
            int brace = seed.indexOf('{', searchFrom);
            if (brace < 0) {
                break;
            }
            Optional<ParsedValue> value = parseValueAt(text, brace);
            if (value.isPresent() && QapiExpressionRules.isTopLevelExpression(value.get().node())) {
                int number = units.size() + 1;
                String where = "unit " + number + " (comment before offset " + brace + ")";
                List<String> comment = CommentLines.restore(seed.substring(regionStart, brace), where);
                units.add(new SeedUnit(number, brace, comment, (ObjectNode) value.get().node()));
                regionStart = value.get().end();
                searchFrom = regionStart;
            } else {
                searchFrom = brace + 1;
            }
        }
        String rest = seed.substring(regionStart).trim();
        if (!rest.isEmpty()) {
            throw new SeedImportException("text after the last expression at offset " + regionStart
                    + " is not followed by an expression: '"
                    + rest.substring(0, Math.min(60, rest.length())) + "'");
        }
        return units;
    }

    private record ParsedValue(JsonNode node, int end) {
    }

    /** The complete JSON value starting at {@code start} and the offset just past it, if there is one. */
    private static Optional<ParsedValue> parseValueAt(char[] text, int start) {
        JsonFactory factory = STRICT_JSON.getFactory();
        try (JsonParser parser = factory.createParser(text, start, text.length - start)) {
            JsonNode node = STRICT_JSON.readTree(parser);
            // Offsets from a char[] parser count from the start of the given slice.
            int end = start + (int) parser.currentLocation().getCharOffset();
            if (text[end - 1] != '}') {
                throw new IllegalStateException("JSON value at offset " + start + " does not end at a '}'"
                        + " (computed end " + end + "): the parser's offset convention changed");
            }
            return Optional.of(new ParsedValue(node, end));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        } catch (IOException impossible) {
            throw new IllegalStateException("reading from memory failed", impossible);
        }
    }
}
