package dev.qmpsdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The server answered a command with {@code {"error": {"class": ..., "desc": ...}}}.
 *
 * <pre>{@code
 * catch (QmpCommandException e) {
 *     if (e.isCommandNotFound()) { ... the server is older or newer than the compiled schema ... }
 * }
 * }</pre>
 */
public class QmpCommandException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final String errorClass;
    private final String description;
    private final String command;
    private final transient @Nullable JsonNode id;

    public QmpCommandException(String command, @Nullable JsonNode id, String errorClass, String description) {
        super("QMP command '" + command + "'" + (id == null ? "" : " (id " + id + ")")
                + " failed with " + errorClass + ": " + description);
        this.command = command;
        this.id = id;
        this.errorClass = errorClass;
        this.description = description;
    }

    /** The error class as sent ({@code GenericError}, {@code CommandNotFound}, {@code DeviceNotFound}...). */
    public String errorClass() {
        return errorClass;
    }

    /** The human-readable description the server sent. */
    public String description() {
        return description;
    }

    /** The wire name of the command that failed. */
    public String command() {
        return command;
    }

    /** The request id, if the reply carried one. */
    public @Nullable JsonNode id() {
        return id;
    }

    public boolean isCommandNotFound() {
        return "CommandNotFound".equals(errorClass);
    }

    public boolean isGenericError() {
        return "GenericError".equals(errorClass);
    }
}
