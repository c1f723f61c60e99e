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
    private final @Nullable String serverVersion;

    public QmpCommandException(String command, @Nullable JsonNode id, String errorClass, String description) {
        this(command, id, errorClass, description, null);
    }

    private QmpCommandException(String command, @Nullable JsonNode id, String errorClass, String description, @Nullable String serverVersion) {
        super("QMP command '" + command + "'" + (id == null ? "" : " (id " + id + ")")
                + " failed with " + errorClass + ": " + description
                + (serverVersion != null && "CommandNotFound".equals(errorClass)
                        ? "; the server (QEMU " + serverVersion + ") does not have this command: a newer QEMU removed or renamed it,"
                                + " or it is newer than that QEMU (compare with client.serverSchema() or 'qmp schema-diff')"
                        : ""));
        this.command = command;
        this.id = id;
        this.errorClass = errorClass;
        this.description = description;
        this.serverVersion = serverVersion;
    }

    /**
     * This error as answered by a server of this version; for {@code CommandNotFound} the message then says that the
     * command was removed or renamed (what a client that knows the server's greeting adds).
     */
    public QmpCommandException fromServer(String version) {
        return new QmpCommandException(command, id, errorClass, description, version);
    }

    /** The server's version ({@code 7.2.22}) when the client added it, else null. */
    public @Nullable String serverVersion() {
        return serverVersion;
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
