package dev.qmpsdk.core;

/**
 * The transport an address needs is not available in this JVM: Unix domain sockets need Netty's native epoll
 * transport (Linux, with the {@code netty-transport-native-epoll} jar of the right classifier on the class path).
 *
 * <pre>{@code
 * try {
 *     QmpClient.connect(QmpClientOptions.unix(socket).build()).block();
 * } catch (QmpTransportUnavailableException e) {
 *     // fall back to a TCP monitor (-qmp tcp:127.0.0.1:4444,server=on)
 * }
 * }</pre>
 */
public class QmpTransportUnavailableException extends QmpConnectionException {
    private static final long serialVersionUID = 1L;

    /** The transport cannot do what was asked of it (a TCP connection cannot carry file descriptors). */
    public QmpTransportUnavailableException(String message) {
        super(message);
    }

    public QmpTransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
