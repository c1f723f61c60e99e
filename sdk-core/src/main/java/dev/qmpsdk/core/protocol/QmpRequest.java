package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A command as a server receives it: {@code {"execute": name, "arguments": {...}, "id": ...}} (or
 * {@code exec-oob}). Arguments are kept as a tree until {@link QmpCodec#decodeArguments} types them.
 *
 * @param command the command's wire name
 * @param arguments the {@code arguments} object, or null when absent
 * @param id the request id as sent (any JSON value), or null when absent
 * @param oob true when sent with {@code exec-oob}
 */
public record QmpRequest(String command, @Nullable JsonNode arguments, @Nullable JsonNode id, boolean oob) implements QmpMessage {}
