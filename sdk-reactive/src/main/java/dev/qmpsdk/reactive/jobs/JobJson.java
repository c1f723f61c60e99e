package dev.qmpsdk.reactive.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.RawEvent;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reading events and query answers as JSON. The jobs read everything as JSON rather than through generated classes,
 * so they work with whatever event registry the connection decodes with (the SDK's 2.11.2 model, a user's generated
 * one, or none) and see the members newer QEMUs add ({@code status}, {@code error}, {@code auto-dismiss}).
 */
final class JobJson {
    private JobJson() {}

    /** An event's data as a JSON object (empty when it has none). */
    static JsonNode data(QmpEvent event) {
        if (event instanceof RawEvent raw) {
            JsonNode data = raw.data();
            return data == null ? JsonNodeFactory.instance.objectNode() : data;
        }
        if (!event._hasData()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try (TokenBuffer buffer = new TokenBuffer(QapiJson.TREE_MAPPER, false)) {
            event._writeData(buffer);
            return QapiJson.TREE_MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new QmpProtocolException("event " + event.eventName(), null, "cannot re-read its data: " + e.getMessage(), e);
        }
    }

    static @Nullable String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    static long number(JsonNode node, String member) {
        return node.path(member).asLong(0);
    }

    /** {@code {"name": value}}. */
    static ObjectNode object(String name, String value) {
        return JsonNodeFactory.instance.objectNode().put(name, value);
    }
}
