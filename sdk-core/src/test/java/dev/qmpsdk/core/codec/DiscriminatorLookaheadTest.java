package dev.qmpsdk.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The look ahead must agree with a real parser whenever it answers. Random objects whose values hold the
 * characters that matter to a scanner (quotes, escapes, brackets inside strings, multi-byte UTF-8) at every
 * alignment are checked against Jackson, through {@link DecodeContext#lookAhead} as a union reader calls it.
 */
class DiscriminatorLookaheadTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void findsTheDiscriminatorAfterAnyValue() throws IOException {
        assertEquals("object", lookAheadFromFirstMember("{\"members\": [{\"a\": \"}]\"}, [1, 2]], \"meta-type\": \"object\"}"));
        assertEquals("x", lookAheadFromFirstMember("{\"a\": \"q\\\"}\", \"b\": -1.5e3, \"c\": null, \"meta-type\" : \"x\"}"));
        assertEquals("e", lookAheadFromFirstMember("{\"a\": {\"meta-type\": \"nested\"}, \"meta-type\": \"e\"}"));
    }

    @Test
    void givesUpRatherThanGuess() throws IOException {
        assertNull(lookAheadFromFirstMember("{\"a\": 1, \"b\": 2}"), "absent");
        assertNull(lookAheadFromFirstMember("{\"a\": 1, \"meta-type\": 5}"), "not a string");
        assertNull(lookAheadFromFirstMember("{\"a\": 1, \"meta-type\": \"a\\u0062\"}"), "escaped value");
        assertNull(lookAheadFromFirstMember("{\"a\": 1, \"meta\\u002dtype\": \"x\"}"), "escaped name");
        assertNull(lookAheadFromFirstMember("{\"a\": [1, 2, \"meta-type\": \"x\"}"), "malformed");
    }

    @Test
    void agreesWithJacksonOnRandomObjects() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            StringBuilder json = new StringBuilder("{\"first\": ");
            value(random, json, 0);
            int members = random.nextInt(4);
            boolean present = random.nextBoolean();
            int at = random.nextInt(members + 1);
            for (int m = 0; m <= members; m++) {
                if (present && m == at) {
                    json.append(", \"meta-type\": \"tag").append(i).append('"');
                }
                json.append(", \"m").append(m).append("\":").append(" ".repeat(random.nextInt(3)));
                value(random, json, 0);
            }
            json.append('}');
            String expected = present ? "tag" + i : null;
            assertEquals(expected, lookAheadFromFirstMember(json.toString()), json.toString());
        }
    }

    /** Parses up to the first member's value and asks the context to look ahead, as a generated union reader does. */
    private static @Nullable String lookAheadFromFirstMember(String json) throws IOException {
        byte[] framed = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8); // an offset, and bytes after the object
        try (JsonParser p = FACTORY.createParser(framed, 2, framed.length - 4)) {
            DecodeContext ctx = DecodeContext.of(false, "test").readingBytes(p, framed, 2, framed.length - 4);
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            assertEquals(JsonToken.FIELD_NAME, p.nextToken());
            p.nextToken();
            return ctx.lookAhead(p, "meta-type");
        }
    }

    private static void value(Random random, StringBuilder out, int depth) {
        int kind = depth > 3 ? random.nextInt(3) : random.nextInt(5);
        switch (kind) {
            case 0 -> out.append(random.nextBoolean() ? "-12.5" : random.nextBoolean() ? "true" : "null");
            case 1, 2 -> string(random, out);
            case 3 -> {
                out.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ", ");
                    value(random, out, depth + 1);
                }
                out.append(']');
            }
            default -> {
                out.append('{');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ", ");
                    // Nested objects may have a member of the same name: it must not be taken for ours.
                    out.append(random.nextInt(4) == 0 ? "\"meta-type\"" : "\"k" + i + "\"").append(": ");
                    value(random, out, depth + 1);
                }
                out.append('}');
            }
        }
    }

    private static void string(Random random, StringBuilder out) {
        String[] pieces = {"a", "meta-type", "\\\"", "\\\\", "}", "]", "{", "[", ",", "\u00e9", "\u20ac", " ", "\\u0041", "\\n"};
        out.append('"');
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        out.append('"');
    }
}
