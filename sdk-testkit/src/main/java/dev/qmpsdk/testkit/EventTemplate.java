package dev.qmpsdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpTimestamp;
import dev.qmpsdk.core.protocol.RawEvent;
import org.jspecify.annotations.Nullable;

/** An event to send later: a fixed {@link QmpEvent}, or a name and data stamped with the time it is sent. */
record EventTemplate(String name, @Nullable JsonNode data, @Nullable QmpEvent fixed) {
    static EventTemplate of(QmpEvent event) {
        return new EventTemplate(event.eventName(), null, event);
    }

    static EventTemplate of(String name, @Nullable String dataJson) {
        return new EventTemplate(name, dataJson == null ? null : Json.parse(dataJson, "event data"), null);
    }

    QmpEvent toEvent() {
        return fixed != null ? fixed : new RawEvent(name, data, QmpTimestamp.now());
    }
}
