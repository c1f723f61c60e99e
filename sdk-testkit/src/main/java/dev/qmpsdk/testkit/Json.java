package dev.qmpsdk.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** JSON helpers of the testkit: parsing what tests write and encoding what the fake sends. */
final class Json {
    static final QmpCodec CODEC = QmpCodec.of(dev.qmpsdk.core.protocol.EventRegistry.empty());
    static final byte[] CRLF = {'\r', '\n'};

    private Json() {}

    /** Parses JSON written by a test, with an error naming what it was for. */
    static JsonNode parse(String json, String what) {
        try {
            return QapiJson.TREE_MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage() + " in " + json, e);
        }
    }

    static byte[] returnReply(JsonNode value, boolean withId, @Nullable JsonNode id) {
        ObjectNode reply = QapiJson.TREE_MAPPER.createObjectNode();
        reply.set("return", value);
        if (withId && id != null) {
            reply.set("id", id);
        }
        return bytes(reply);
    }

    static byte[] errorReply(String errorClass, String description, boolean withId, @Nullable JsonNode id) {
        return CODEC.encodeError(errorClass, description, withId ? id : null);
    }

    static byte[] event(QmpEvent event) {
        return CODEC.encodeEvent(event);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return QapiJson.TREE_MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
