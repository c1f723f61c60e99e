package dev.qmpsdk.core;

/**
 * An event subscriber fell behind and its bounded buffer overflowed under the {@code OverflowPolicy.ERROR} policy:
 * its event stream ends with this. The connection and its commands go on; other subscribers are not affected.
 *
 * <pre>{@code
 * client.events().subscribe(this::handle, e -> {
 *     if (e instanceof QmpEventOverflowException overflow) {
 *         log.warn("lost events after {} buffered: {}", overflow.bufferSize(), overflow.getMessage());
 *     }
 * });
 * }</pre>
 */
public class QmpEventOverflowException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final int bufferSize;

    public QmpEventOverflowException(String message, int bufferSize) {
        super(message);
        this.bufferSize = bufferSize;
    }

    public QmpEventOverflowException(String message, int bufferSize, Throwable cause) {
        super(message, cause);
        this.bufferSize = bufferSize;
    }

    /** The subscriber's buffer size (events) that was exceeded. */
    public int bufferSize() {
        return bufferSize;
    }
}
