package dev.qmpsdk.core;

/**
 * The root of every error the SDK raises. Unchecked, so that reactive pipelines and Kotlin code can let it
 * travel; catch a subclass to react to one kind of failure:
 *
 * <pre>{@code
 * try {
 *     codec.decodeMessage(bytes);
 * } catch (QmpProtocolException e) {
 *     log.warn("peer sent garbage: {}", e.getMessage());
 * }
 * }</pre>
 */
public class QmpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QmpException(String message) {
        super(message);
    }

    public QmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
