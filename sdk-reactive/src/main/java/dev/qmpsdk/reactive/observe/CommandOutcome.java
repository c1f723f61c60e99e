package dev.qmpsdk.reactive.observe;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * How a command ended, as metrics, audit records and observations tag it ({@link #tag()}).
 *
 * <pre>{@code
 * CommandOutcome.of(new QmpTimeoutException("query-status", Duration.ofSeconds(5)))   // TIMEOUT
 * }</pre>
 */
public enum CommandOutcome {
    /** The server answered with a return value (or {@code quit} ended the connection, which is its success). */
    SUCCESS("success"),
    /** The server answered with an error; its class ({@code GenericError}, ...) is tagged separately. */
    SERVER_ERROR("server_error"),
    /** No answer before the command's deadline. */
    TIMEOUT("timeout"),
    /** The connection ended (or could not take the request) before the answer. */
    CONNECTION_LOST("connection_lost"),
    /** The caller cancelled (disposed) before the answer. */
    CANCELLED("cancelled"),
    /** The client could not write the request or decode the answer. */
    CLIENT_ERROR("client_error");

    private final String tag;

    CommandOutcome(String tag) {
        this.tag = tag;
    }

    /** The lower-case tag value ({@code success}, {@code server_error}, ...). */
    public String tag() {
        return tag;
    }

    /** The outcome a command's failure means; {@code null} is {@link #SUCCESS}. */
    public static CommandOutcome of(@Nullable Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        if (failure instanceof QmpCommandException) {
            return SERVER_ERROR;
        }
        if (failure instanceof QmpTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof QmpConnectionException) {
            return CONNECTION_LOST;
        }
        return CLIENT_ERROR;
    }
}
