package dev.qmpsdk.core;

/**
 * An event subscriber fell behind under the {@code ERROR} overflow policy: its buffer was full when another event
 * arrived. The subscriber's stream ends with this at once, even while the subscriber requests nothing (an error
 * needs no demand); the events still in its buffer are discarded and counted as dropped. The connection and its
 * commands go on; other subscribers are not affected. Consume faster, raise the buffer, or choose a dropping policy.
 *
 * <pre>{@code
 * client.events().subscribe(this::handle, e -> {
 *     if (e instanceof QmpEventOverflowException overflow) {
 *         log.warn("lost events after {} buffered: {}", overflow.bufferSize(), overflow.getMessage());
 *         resubscribeAndResync();   // events were lost: query the state again
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
