package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** An event the compiled schema does not know (the server is newer): its name and data kept as sent. */
public final class RawEvent extends QmpEvent {
    private final String name;
    private final @Nullable JsonNode data;

    public RawEvent(String name, @Nullable JsonNode data, QmpTimestamp timestamp) {
        super(timestamp);
        this.name = Objects.requireNonNull(name, "name");
        this.data = data;
    }

    @Override
    public String eventName() {
        return name;
    }

    /** The {@code data} member as sent, or null when there was none. */
    public @Nullable JsonNode data() {
        return data;
    }

    @Override
    public boolean _hasData() {
        return data != null;
    }

    @Override
    public void _writeData(JsonGenerator g) throws IOException {
        QapiJson.writeAny(g, Objects.requireNonNull(data));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawEvent r && name.equals(r.name) && Objects.equals(data, r.data) && rawTimestamp().equals(r.rawTimestamp());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, data, rawTimestamp());
    }

    @Override
    public String toString() {
        return "RawEvent{" + name + (data == null ? "" : ", data=" + data) + ", timestamp=" + timestamp() + "}";
    }
}
