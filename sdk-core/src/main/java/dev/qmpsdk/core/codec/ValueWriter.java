package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes one value of type {@code T} as a complete JSON value.
 *
 * @param <T> the Java type written
 */
@FunctionalInterface
public interface ValueWriter<T> {
    void write(JsonGenerator g, T value) throws IOException;
}
