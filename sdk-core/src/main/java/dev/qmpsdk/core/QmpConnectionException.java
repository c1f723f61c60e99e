package dev.qmpsdk.core;

/**
 * The connection could not be made, failed during the handshake, or went away; every pending command of
 * that connection fails with this.
 */
public class QmpConnectionException extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpConnectionException(String message) {
        super(message);
    }

    public QmpConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
