package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * A reply to a command: success with a {@code return} value, or an {@code error}. The {@code return}
 * value stays in its buffered tokens until {@link QmpCodec#decodeResult} reads it as the command's type,
 * so that routing a reply by id costs no typed decoding.
 */
public final class QmpReply implements QmpMessage {
    private final @Nullable JsonNode id;
    private final @Nullable TokenBuffer returnValue;
    private final @Nullable String errorClass;
    private final @Nullable String errorDescription;

    private QmpReply(@Nullable JsonNode id, @Nullable TokenBuffer returnValue, @Nullable String errorClass, @Nullable String errorDescription) {
        this.id = id;
        this.returnValue = returnValue;
        this.errorClass = errorClass;
        this.errorDescription = errorDescription;
    }

    static QmpReply success(@Nullable JsonNode id, TokenBuffer returnValue) {
        return new QmpReply(id, returnValue, null, null);
    }

    static QmpReply error(@Nullable JsonNode id, String errorClass, String description) {
        return new QmpReply(id, null, errorClass, description);
    }

    /** The id echoed by the server, or null (QEMU sends none for input it could not parse). */
    public @Nullable JsonNode id() {
        return id;
    }

    public boolean isError() {
        return errorClass != null;
    }

    /** The error class ({@code GenericError}...), or null for a success. */
    public @Nullable String errorClass() {
        return errorClass;
    }

    /** The error description, or null for a success. */
    public @Nullable String errorDescription() {
        return errorDescription;
    }

    /** The {@code return} value as a JSON tree, or null for an error reply. */
    public @Nullable JsonNode returnTree() {
        if (returnValue == null) {
            return null;
        }
        try (JsonParser p = returnParser()) {
            return QapiJson.TREE_MAPPER.readTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parser over the buffered {@code return} value, positioned on its first token. */
    JsonParser returnParser() throws IOException {
        JsonParser p = returnValue.asParser(QapiJson.TREE_MAPPER);
        p.nextToken();
        return p;
    }

    @Override
    public String toString() {
        return isError()
                ? "QmpReply{id=" + id + ", error=" + errorClass + ": " + errorDescription + "}"
                : "QmpReply{id=" + id + ", return=" + returnTree() + "}";
    }
}
