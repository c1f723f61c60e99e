package dev.qmpsdk.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link QapiJson#readAny} reads scalars without {@code ObjectMapper.readTree}; the nodes must be exactly the
 * ones readTree makes (same class, same value), or {@code any} values would compare and re-encode differently.
 */
class QapiJsonReadAnyTest {
    private static JsonNode readAny(String json) throws IOException {
        try (JsonParser p = QapiJson.TREE_MAPPER.getFactory().createParser(json)) {
            p.nextToken();
            return QapiJson.readAny(p, DecodeContext.of(true, "test"));
        }
    }

    @Test
    void scalarsAndContainersAreTheNodesReadTreeMakes() throws IOException {
        for (String json : List.of("null", "true", "false", "\"text\"", "\"\"", "0", "-7", "2147483648", "-9223372036854775808",
                "18446744073709551615", "1.5", "-0.0", "1e300", "[1, \"a\", null]", "{\"a\": {\"b\": [true]}}", "{}")) {
            JsonNode expected = QapiJson.TREE_MAPPER.readTree(json);
            JsonNode actual = readAny(json);
            assertEquals(expected, actual, json);
            assertSame(expected.getClass(), actual.getClass(), json);
        }
    }

    @Test
    void theParserIsLeftOnTheValuesLastToken() throws IOException {
        try (JsonParser p = QapiJson.TREE_MAPPER.getFactory().createParser("[\"a\", {\"b\": 1}, 3]")) {
            p.nextToken();
            p.nextToken();
            assertEquals("\"a\"", QapiJson.readAny(p, DecodeContext.of(false, "test")).toString());
            p.nextToken();
            assertEquals("{\"b\":1}", QapiJson.readAny(p, DecodeContext.of(false, "test")).toString());
            p.nextToken();
            assertEquals(3, QapiJson.readAny(p, DecodeContext.of(false, "test")).intValue());
        }
    }
}
