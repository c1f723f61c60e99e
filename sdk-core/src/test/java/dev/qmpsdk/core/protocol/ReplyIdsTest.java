package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReplyIdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long find(String frame) {
        return ReplyIds.find(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTheTopLevelIntegerId() {
        assertEquals(7, find("{\"return\": {}, \"id\": 7}\r\n"));
        assertEquals(7, find("{\"return\": {\"id\": 99}, \"id\": 7}"));
        assertEquals(12, find("{\"id\": 12, \"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}}"));
        assertEquals(-3, find("{ \"return\" : [ 1 , 2 ] , \"id\" :  -3 }"));
        assertEquals(6, find("{\"return\": \"\\\"id\\\": 5\", \"id\": 6}"));
        assertEquals(Long.MAX_VALUE, find("{\"return\": {\"a\": [{\"id\": 1}]}, \"id\": 9223372036854775807}"));
    }

    @Test
    void findsAnIdWhoseKeyIsWrittenWithEscapes() {
        assertEquals(7, find("{\"return\": {}, \"i\\u0064\": 7}"));
        assertEquals(8, find("{\"\\u0069\\u0064\" : 8, \"return\": {}}"));
        assertEquals(ReplyIds.NONE, find("{\"return\": {}, \"i\\u0064x\": 7}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"return\": {}}",
            "{\"return\": {\"id\": 99}}",
            "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}",
            "{\"return\": {}, \"id\": \"libvirt-12\"}",
            "{\"return\": {}, \"id\": 1.5}",
            "{\"return\": {}, \"id\": 1e3}",
            "{\"return\": {}, \"id\": 9223372036854775808}",
            "{\"return\": {}, \"id\": -9223372036854775808}",
            "{\"return\": {}, \"x\\\"id\": 4}",
            "{\"return\": \"{\\\"id\\\": 4}\"}",
            "[{\"id\": 4}]",
            "{\"id\": null, \"return\": {}}",
            "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"X\", \"data\": {\"id\": 3}}",
            "{\"event\": \"X\", \"id\": 3, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}",
            // an event is never a reply, wherever its id is
            "{\"event\": \"STOP\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"id\": 5}",
            "{\"id\": 5, \"event\": \"STOP\"}",
            "{\"data\": {}, \"id\": 5, \"\\u0065vent\": \"STOP\"}",
    })
    void reportsNoneWithoutATopLevelIntegerId(String frame) {
        assertEquals(ReplyIds.NONE, find(frame), frame);
    }

    @Test
    void looksOnlyAtTheGivenRange() {
        byte[] two = "{\"return\": {}, \"id\": 1}{\"return\": {}, \"id\": 2}".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, ReplyIds.find(two, 0, 23));
        assertEquals(2, ReplyIds.find(two, 23, two.length - 23));
    }

    /** Random messages with decoy ids in nested values and strings, the real id anywhere: agrees with Jackson. */
    @Test
    void agreesWithAFullParseOnRandomMessages() throws Exception {
        Random random = new Random(20261122);
        for (int round = 0; round < 5_000; round++) {
            ObjectNode message = JsonNodeFactory.instance.objectNode();
            List<String> order = new ArrayList<>(List.of("return", "id", "extra"));
            Collections.shuffle(order, random);
            JsonNode id = randomId(random);
            for (String member : order) {
                switch (member) {
                    case "return" -> message.set("return", randomValue(random, 3));
                    case "id" -> {
                        if (id != null) {
                            message.set("id", id);
                        }
                    }
                    default -> message.put("decoy \"id\": 1", "\"id\": " + random.nextInt());
                }
            }
            String frame = random.nextBoolean() ? JSON.writeValueAsString(message) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(message);
            long expected = id != null && id.isIntegralNumber() && id.canConvertToLong() && id.asLong() != Long.MIN_VALUE ? id.asLong() : ReplyIds.NONE;
            assertEquals(expected, find(frame), frame);
        }
    }

    private static JsonNode randomId(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> JsonNodeFactory.instance.textNode("s" + random.nextInt(100));
            case 2 -> JsonNodeFactory.instance.numberNode(random.nextLong());
            default -> JsonNodeFactory.instance.numberNode((long) random.nextInt(1_000_000));
        };
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = depth == 0 ? random.nextInt(3) : random.nextInt(5);
        return switch (kind) {
            case 0 -> JsonNodeFactory.instance.numberNode(random.nextInt());
            case 1 -> JsonNodeFactory.instance.textNode(random.nextBoolean() ? "\"id\": 3}" : "a\\\"b{[");
            case 2 -> JsonNodeFactory.instance.booleanNode(random.nextBoolean());
            case 3 -> {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(randomValue(random, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    o.set(random.nextBoolean() ? "id" : "k" + i, randomValue(random, depth - 1));
                }
                yield o;
            }
        };
    }
}
