package dev.qmpsdk.reactive;

import dev.qmpsdk.reactive.internal.EventDeliveryThreads;
import dev.qmpsdk.reactive.internal.SharedLoop;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Objects;

/**
 * The threads the SDK shares between all clients of the process: the default event loop ({@code qmp-epoll-1}, every
 * connection whose configuration names no loop of its own) and the event-delivery threads ({@code qmp-events-N}, which
 * run event subscribers). They are daemon threads, created on first use; the SDK uses no thread of Reactor's global
 * schedulers. Release them when the program is done with QMP, as with Lettuce's {@code ClientResources.shutdown()}:
 * after closing every client and fleet, so that nothing is cut short.
 *
 * <pre>{@code
 * QmpClient qmp = QmpClient.connect(options).block();
 * try {
 *     qmp.queryStatus().block();
 * } finally {
 *     qmp.close().block(Duration.ofSeconds(5));
 *     QmpResources.shutdown();          // no SDK thread is left; `mvn exec:java` exits at once
 * }
 * }</pre>
 *
 * <p>Idempotent; call it from your own thread, not from an event subscriber's callback (it waits for that thread).
 * A client connected afterwards starts the threads again. A connection still open on the shared loop is closed by
 * it; a subscription still open stops receiving events. A fleet's own loop ({@link QmpFleet#create()}) is released
 * by the fleet's {@code close()}, and a loop you passed in stays yours.
 */
public final class QmpResources {
    /** How long {@link #shutdown()} waits for the threads to finish what they are running. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private QmpResources() {}

    /**
     * Ends the shared threads and waits until they have ended, at most {@link #DEFAULT_SHUTDOWN_TIMEOUT}.
     *
     * @return true when every thread ended in time (a subscriber still busy after that is interrupted)
     */
    public static boolean shutdown() {
        return shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Ends the shared threads and blocks until they have ended, at most about {@code timeout} for each kind. No quiet
     * period: the caller says nothing more is coming.
     *
     * @return true when every thread ended in time
     */
    public static boolean shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        boolean deliveriesEnded;
        try {
            deliveriesEnded = EventDeliveryThreads.shutdown(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveriesEnded = false;
        }
        boolean loopEnded;
        try {
            SharedLoop.shutdown(timeout).block(timeout.plusSeconds(1));
            loopEnded = true;
        } catch (RuntimeException e) {
            loopEnded = false;   // the loop did not end in time
        }
        // Netty tells a loop's end through its GlobalEventExecutor, whose (non-daemon) thread lingers for a second
        // after its last task: wait for it too, so that no thread started on the SDK's behalf is left.
        boolean notifierEnded;
        try {
            notifierEnded = GlobalEventExecutor.INSTANCE.awaitInactivity(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IllegalStateException neverStarted) {
            notifierEnded = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notifierEnded = false;
        }
        return deliveriesEnded && loopEnded && notifierEnded;
    }
}
