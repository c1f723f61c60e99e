package dev.qmpsdk.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reading and writing the versioned JSON records, with errors that say which record and which member. */
final class WireJson {
    private WireJson() {}

    static byte[] bytes(JsonNode node) {
        try {
            return QapiJson.TREE_MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode object(byte[] json, String what, String where) {
        JsonNode node;
        try {
            node = QapiJson.TREE_MAPPER.readTree(json);
        } catch (IOException e) {
            throw new QmpProtocolException(what + " at " + where + " is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new QmpProtocolException(what + " at " + where + " must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    static void checkVersion(JsonNode o, int newest, String what, String where) {
        JsonNode v = o.get("v");
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw new QmpProtocolException(what + " at " + where + " has no valid format version 'v' (got " + v + ")");
        }
        if (v.asInt() > newest) {
            throw new QmpProtocolException(what + " at " + where + " has format version " + v.asInt()
                    + ", newer than this SDK reads (" + newest + "): upgrade qmp-sdk-kafka on this side");
        }
    }

    static JsonNode required(JsonNode o, String name, String what, String where) {
        JsonNode value = o.get(name);
        if (value == null || value.isNull()) {
            throw new QmpProtocolException(what + " at " + where + " lacks member '" + name + "'");
        }
        return value;
    }

    static String text(JsonNode o, String name, String what, String where) {
        JsonNode value = required(o, name, what, where);
        if (!value.isTextual()) {
            throw new QmpProtocolException(what + " at " + where + ": member '" + name + "' must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }
}
