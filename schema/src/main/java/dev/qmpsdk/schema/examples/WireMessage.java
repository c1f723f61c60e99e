package dev.qmpsdk.schema.examples;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * One {@code ->} (client) or {@code <-} (server) message of a seed's wire examples.
 *
 * @param source the seed id ({@code "000"} or {@code "002"})
 * @param line the line of the marker (see {@link SeedLine#number()})
 * @param section the command or event the example documents
 * @param kind {@code "command"} or {@code "event"}
 * @param exchange the exchange this message belongs to, numbered from 1 per source
 * @param direction {@code "->"} or {@code "<-"}
 * @param text the message as written: from the first character after the marker and its
 *     following spaces to the end of the message, lines joined with {@code \n}, page indentation
 *     (or gutter) removed, nothing else changed
 * @param json the value of {@code text} parsed as strict JSON, or null if it does not parse
 * @param error why {@code text} is not strict JSON (with its position), or null if it parses
 */
public record WireMessage(
    String source,
    int line,
    String section,
    String kind,
    int exchange,
    String direction,
    String text,
    @Nullable JsonNode json,
    @Nullable String error) {

  public boolean parses() {
    return error == null;
  }
}
