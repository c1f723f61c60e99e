package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonParser;
import dev.qmpsdk.core.codec.DecodeContext;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The events a compiled schema knows, by wire name. The generated {@code QmpEvents.REGISTRY} holds the
 * events of the schema it was generated from; {@link QmpCodec} uses it to decode events into their types.
 */
public final class EventRegistry {
    /** Decodes one event's data; the parser is on the data object, or null when the event had none. */
    @FunctionalInterface
    public interface EventReader {
        QmpEvent read(@Nullable JsonParser data, DecodeContext ctx, QmpTimestamp timestamp) throws IOException;
    }

    private record Entry(Class<? extends QmpEvent> type, EventReader reader) {}

    private static final EventRegistry EMPTY = new EventRegistry(Map.of());

    private final Map<String, Entry> entries;

    private EventRegistry(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** A registry that knows no event: every event decodes as a {@link RawEvent}. */
    public static EventRegistry empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public @Nullable EventReader reader(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.reader();
    }

    /** The generated class of an event, or null when the registry does not know it. */
    public @Nullable Class<? extends QmpEvent> type(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.type();
    }

    /** The wire names of all known events, in schema order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** Collects events; later registrations of the same name replace earlier ones. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        public Builder register(String name, Class<? extends QmpEvent> type, EventReader reader) {
            entries.put(name, new Entry(type, reader));
            return this;
        }

        public EventRegistry build() {
            return new EventRegistry(new LinkedHashMap<>(entries));
        }
    }
}
