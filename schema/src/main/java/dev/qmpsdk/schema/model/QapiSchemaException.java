package dev.qmpsdk.schema.model;

import org.jspecify.annotations.Nullable;

/**
 * A schema that cannot be parsed or resolved: a syntax error, an unknown type, a bad discriminator, a
 * name defined twice differently, a missing include. The message starts with {@code file:line:column}.
 */
public class QapiSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final @Nullable SourceLocation location;

    public QapiSchemaException(@Nullable SourceLocation location, String message) {
        super(location == null ? message : location + ": " + message);
        this.location = location;
    }

    public QapiSchemaException(@Nullable SourceLocation location, String message, Throwable cause) {
        super(location == null ? message : location + ": " + message, cause);
        this.location = location;
    }

    /** Where the problem is, or null when it concerns the schema as a whole (e.g. an unreadable file). */
    public @Nullable SourceLocation location() {
        return location;
    }
}
