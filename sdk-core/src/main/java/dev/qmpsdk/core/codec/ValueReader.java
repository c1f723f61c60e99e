package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Reads one value of type {@code T}; the parser is on the value's first token and is left on its last.
 *
 * @param <T> the Java type read
 */
@FunctionalInterface
public interface ValueReader<T> {
    T read(JsonParser p, DecodeContext ctx) throws IOException;
}
