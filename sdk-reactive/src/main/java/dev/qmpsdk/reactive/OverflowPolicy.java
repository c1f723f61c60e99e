package dev.qmpsdk.reactive;

/**
 * What an event subscriber's bounded buffer does when the subscriber falls behind. Either way the event
 * loop never waits for a subscriber, so command replies and other subscribers are not delayed.
 */
public enum OverflowPolicy {
    /** Drop the oldest buffered event to make room, and count it ({@link QmpClientStats#droppedEvents()}). */
    DROP_OLDEST,
    /** Drop the newest event (the one that does not fit), and count it. */
    DROP_LATEST,
    /**
     * End the subscriber's stream with {@link dev.qmpsdk.core.QmpEventOverflowException} saying it fell behind. The
     * error is signalled at once, also to a subscriber that requests nothing (an error needs no demand); the events
     * still buffered are discarded and counted as dropped.
     */
    ERROR
}
