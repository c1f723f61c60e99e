package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.reactive.observe.CommandOutcome;
import dev.qmpsdk.reactive.observe.ObservedCommand;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One observed command's state between its start and its end: the {@link ObservedCommand}, what each observer
 * returned at the start, and the guard that lets exactly one end through (a reply and a cancellation may race).
 * Extends {@code AtomicBoolean} (ended) to be one object.
 *
 * <pre>{@code
 * CommandTrace trace = observer.start("query-status", context);
 * trace.end(null);   // success; a second end is ignored
 * }</pre>
 */
final class CommandTrace extends AtomicBoolean {
    private final SessionObserver owner;
    private final ObservedCommand command;
    private final @Nullable Object[] states;

    CommandTrace(SessionObserver owner, ObservedCommand command, @Nullable Object[] states) {
        this.owner = owner;
        this.command = command;
        this.states = states;
    }

    ObservedCommand command() {
        return command;
    }

    @Nullable Object state(int observer) {
        return states[observer];
    }

    /** Ends the command: {@code failure} null is success. */
    void end(@Nullable Throwable failure) {
        if (compareAndSet(false, true)) {
            owner.ended(this, CommandOutcome.of(failure), failure);
        }
    }

    void cancelled() {
        if (compareAndSet(false, true)) {
            owner.ended(this, CommandOutcome.CANCELLED, null);
        }
    }
}
