package dev.qmpsdk.core;

/**
 * A file descriptor could not be passed with a command: it is not open in this JVM, the file to open for it cannot be
 * opened, or the connection cannot carry descriptors. Nothing was sent, and the connection stays usable. (A server
 * that refuses a passed descriptor fails the command with a {@link QmpCommandException} instead.)
 *
 * <pre>{@code
 * try {
 *     qmp.passFd("migfile", FdSource.borrow(closedDescriptor)).block();
 * } catch (QmpFdPassingException e) {
 *     log.warn("not passed: {}", e.getMessage());   // says which descriptor and why
 * }
 * }</pre>
 */
public class QmpFdPassingException extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpFdPassingException(String message) {
        super(message);
    }

    public QmpFdPassingException(String message, Throwable cause) {
        super(message, cause);
    }
}
