package dev.qmpsdk.schema.model;

import org.jspecify.annotations.Nullable;

/**
 * A QMP event.
 *
 * @param name the wire name ({@code SHUTDOWN}, {@code BLOCK_JOB_COMPLETED})
 * @param info location, module, doc, condition, features
 * @param data the type of the event's {@code data}: implicit ({@link ObjectType.Kind#EVENT_DATA}) or named;
 *     null when the event has no data
 * @param boxed true when the data is one named type passed as a whole
 */
public record Event(String name, DefinitionInfo info, @Nullable ObjectType data, boolean boxed) implements Definition {
    @Override
    public String toString() {
        return "event " + name;
    }
}
