package dev.qmpsdk.core;

/**
 * An event subscriber fell behind under the {@code ERROR} overflow policy: its buffer was full when another event
 * arrived. The subscriber's stream ends with this at once, even while the subscriber requests nothing (an error
 * needs no demand); the events still in its buffer are discarded and counted as dropped. Consume faster, raise the
 * buffer, or choose a dropping policy.
 *
 * <pre>{@code
 * client.events().subscribe(this::handle, e -> {
 *     if (e instanceof QmpEventOverflowException) {
 *         resubscribeAndResync();   // events were lost: query the state again
 *     }
 * });
 * }</pre>
 */
public class QmpEventOverflowException extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpEventOverflowException(String message) {
        super(message);
    }

    public QmpEventOverflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
