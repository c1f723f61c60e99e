package dev.qmpsdk.reactive.observe;

import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.OverflowPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Sees what the connections it is configured on do ({@link QmpObservability.Builder#observer}). Every method has an
 * empty default; implement what you need. Methods run on the connection's event loop (events dropped by a fleet's
 * merged stream: on the delivery thread) and must be quick and never block: hand slow work to another thread.
 * A connection with no observer pays nothing for this interface.
 *
 * <pre>{@code
 * QmpObserver slowCommands = new QmpObserver() {
 *     public void commandEnded(ObservedCommand c, @Nullable Object state, CommandOutcome o, @Nullable Throwable f, long nanos) {
 *         if (nanos > 1_000_000_000L) log.warn("{} on {} took {} ms", c.name(), c.vmId(), nanos / 1_000_000);
 *     }
 * };
 * }</pre>
 */
public interface QmpObserver {
    /**
     * A command was subscribed to and is about to be registered and written. The returned value (say, a started
     * timer or observation) comes back to {@link #commandEnded}; null when nothing needs to.
     */
    default @Nullable Object commandStarted(ObservedCommand command) {
        return null;
    }

    /**
     * The command ended: answered, failed, timed out, lost with its connection or cancelled; exactly once per
     * {@link #commandStarted}, before its caller sees the outcome.
     *
     * @param state    what {@link #commandStarted} returned
     * @param failure  the error the caller gets, null on success or cancellation
     * @param nanos    from subscription to the end
     */
    default void commandEnded(ObservedCommand command, @Nullable Object state, CommandOutcome outcome, @Nullable Throwable failure,
                              long nanos) {
    }

    /**
     * Whether this observer reads a command's request ({@link ObservedCommand#argumentNames()},
     * {@link ObservedCommand#redactedRequest()}, {@link ObservedCommand#scrub}): redacting it costs a parse and a write
     * per command, skipped when no observer of the connection wants it. True unless overridden.
     */
    default boolean wantsRequests() {
        return true;
    }

    /**
     * Whether {@link #message} should be called: building the redacted text of every message costs a parse and a
     * write, paid only while an observer wants it (say, while its logger is enabled).
     */
    default boolean wantsMessages() {
        return false;
    }

    /**
     * A message went out or came in, redacted ({@link Redaction}), as one line of compact JSON (an inbound message that
     * is not JSON: its text, control characters escaped).
     *
     * @param command the command this message is the request or reply of; null for events, greetings and strays
     */
    default void message(String vmId, WireDirection direction, String redactedJson, @Nullable ObservedCommand command) {
    }

    /** An event arrived (before any subscriber's filter or buffer). */
    default void eventReceived(String vmId, String eventName) {
    }

    /** A subscriber's full buffer lost an event by its policy (or, under {@code ERROR}, discarded what it held). */
    default void eventDropped(String vmId, OverflowPolicy policy) {
    }

    /**
     * Inbound bytes were skipped: {@code garbage} between messages, a {@code broken} message cut by a newline, or a
     * {@code malformed} one that is JSON but not a QMP message.
     */
    default void frameSkipped(String vmId, String reason) {
    }

    /** The connection's state changed (CONNECTING, NEGOTIATING, READY, CLOSED, FAILED). */
    default void stateChanged(String vmId, ConnectionState state) {
    }

    /** A fleet VM's connection ended and its reconnect policy starts reconnecting. */
    default void reconnecting(String vmId) {
    }

    /**
     * A command, or an argument member of it ({@code member} non-null), that the server's schema marks deprecated was
     * sent (seen with {@code checkAgainstServer}); every use, not only the first one that is logged.
     */
    default void deprecatedUse(String vmId, String command, @Nullable String member) {
    }
}
