package dev.qmpsdk.schema.examples;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.jspecify.annotations.Nullable;

/**
 * Strict JSON (RFC 8259) parsing with Jackson: no comments, no single quotes, no unquoted names,
 * no trailing commas, no missing values, no non-numeric numbers, nothing after the value. Numbers
 * keep their exact decimal value.
 */
public final class StrictJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
          .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .disable(JsonReadFeature.ALLOW_MISSING_VALUES)
          .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private StrictJson() {}

  /** Either a value or an error. */
  public record Result(@Nullable JsonNode value, @Nullable String error) {}

  /**
   * Parses {@code text}; on failure the error names the parser's complaint and where it is: line
   * and column within the text (1-based), the character offset (0-based) and the seed line
   * ({@code firstLine} + text line - 1).
   */
  public static Result parse(String text, int firstLine) {
    if (text.isBlank()) {
      return new Result(null, "empty message: nothing follows the marker");
    }
    try (JsonParser p = MAPPER.createParser(text)) {
      JsonNode node = MAPPER.readTree(p);
      return new Result(node, null);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null
          ? ""
          : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()
              + " (offset " + loc.getCharOffset() + ", seed line "
              + (firstLine + loc.getLineNr() - 1) + ")";
      return new Result(null, oneLine(e.getOriginalMessage()) + where);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final java.util.regex.Pattern NESTED_SOURCE =
      java.util.regex.Pattern.compile("\\[Source: [^;\\]]*; ");

  /** The message on one line, without the parser's note that it redacted the source. */
  private static String oneLine(String s) {
    String t = s.replace("\r", "").replace('\n', ' ').strip();
    return NESTED_SOURCE.matcher(t).replaceAll("[");
  }

  /** The mapper, for writing the corpus. */
  static JsonMapper mapper() {
    return MAPPER;
  }
}
