package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpEventOverflowException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.OverflowPolicy;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber's bounded buffer of one connection's events: written by the connection's event loop, read by the
 * subscriber's {@link EventDelivery}. When it is full the connection's {@link OverflowPolicy} decides what is lost,
 * so a flooding connection or a slow subscriber only ever costs this buffer's events.
 *
 * <p>A short lock guards the queue: the writer takes it once per event and the reader once per batch, and each of
 * them holds it for a few array stores. The queue grows with what is buffered, so an idle subscription costs about
 * two hundred bytes per connection, not {@code capacity} slots.
 */
final class EventBuffer {
    private final Predicate<QmpEvent> filter;
    /** Extra per-source information the delivery attaches to each event (the fleet's VM id); may be null. */
    final @Nullable Object source;
    private final int capacity;
    /** The size at which the delivery is woken at once instead of at the end of the loop's pass. */
    private final int wakeAt;
    private final OverflowPolicy policy;
    private final Runnable onDrop;
    private final ArrayDeque<QmpEvent> queue = new ArrayDeque<>();
    /** Set while this buffer is in its delivery's ready queue, so it is queued at most once. */
    final AtomicBoolean ready = new AtomicBoolean();
    private final EventDelivery<?> delivery;
    /** Set by the delivery once it has acted on this buffer's end; only its thread touches it. */
    boolean finishDelivered;
    // Guarded by queue's lock; read by the delivery once the queue is empty.
    private boolean done;
    private @Nullable Throwable error;
    /** Written under queue's lock, read without it by the delivery between events: stop emitting at once. */
    private volatile boolean overflowed;
    /**
     * Whether the subscriber has been served what this buffer held when the connection ended (see {@link #settle()}):
     * null, then the listener waiting for it, then {@link #SETTLED}.
     */
    private final AtomicReference<@Nullable Object> settlement = new AtomicReference<>();
    private static final Object SETTLED = new Object();

    EventBuffer(EventDelivery<?> delivery, Predicate<QmpEvent> filter, @Nullable Object source, int capacity, OverflowPolicy policy,
                Runnable onDrop) {
        this.delivery = delivery;
        this.filter = filter;
        this.source = source;
        this.capacity = capacity;
        this.wakeAt = Math.max(1, capacity / 2);
        this.policy = policy;
        this.onDrop = onDrop;
    }

    /**
     * On the event loop: buffers a wanted event (or loses one by the policy) and tells the delivery, deferring its
     * wake-up to {@code loop} when given.
     */
    void offer(QmpEvent event, @Nullable Executor loop) {
        if (!filter.test(event)) {
            return;
        }
        boolean filling = false;
        synchronized (queue) {
            if (done) {
                return;
            }
            if (queue.size() < capacity) {
                queue.addLast(event);
                filling = queue.size() == wakeAt;
            } else {
                switch (policy) {
                    case DROP_OLDEST -> {
                        queue.pollFirst();
                        queue.addLast(event);
                    }
                    case DROP_LATEST -> { }
                    case ERROR -> {
                        // The error is signalled at once, demand or not (Reactive Streams needs none for onError); what
                        // is buffered cannot be delivered without demand, so it is discarded with the new event.
                        for (int i = queue.size(); i > 0; i--) {
                            onDrop.run();
                        }
                        queue.clear();
                        done = true;
                        overflowed = true;
                        error = new QmpEventOverflowException("event subscriber fell behind: its buffer of " + capacity
                                + " events overflowed (OverflowPolicy.ERROR), so its stream ends and the buffered events are "
                                + "discarded; consume faster, raise the buffer or choose DROP_OLDEST", capacity);
                        filling = true;   // wake the delivery now, not after the loop's pass
                    }
                }
                onDrop.run();
            }
        }
        // A burst can fill a buffer before the loop's pass ends (Netty reads up to 16 times per connection per
        // pass): past half full, wake the delivery now rather than after the pass.
        delivery.bufferHasWork(this, filling ? null : loop);
    }

    /** The connection ended (error null: cleanly); what is buffered is still delivered, then the end. */
    void end(@Nullable Throwable failure) {
        synchronized (queue) {
            if (done) {
                return;
            }
            done = true;
            error = failure;
        }
        delivery.bufferHasWork(this, null);
    }

    /** On the delivery's thread: moves up to {@code max} events into {@code into}; returns how many. */
    int drainTo(QmpEvent[] into, int max) {
        synchronized (queue) {
            int n = Math.min(max, queue.size());
            for (int i = 0; i < n; i++) {
                into[i] = queue.pollFirst();
            }
            return n;
        }
    }

    /** True once the connection ended (or the buffer overflowed under ERROR): nothing more will be added. */
    boolean isDone() {
        synchronized (queue) {
            return done;
        }
    }

    /** Counts events the delivery took from this buffer but discarded (see {@link OverflowPolicy#ERROR}). */
    void dropped(int events) {
        for (int i = 0; i < events; i++) {
            onDrop.run();
        }
    }

    /** True when nothing is buffered and nothing more will come. */
    boolean isFinished() {
        synchronized (queue) {
            return done && queue.isEmpty();
        }
    }

    boolean isEmpty() {
        synchronized (queue) {
            return queue.isEmpty();
        }
    }

    /** How the connection ended, once {@link #isFinished()}: null when cleanly. */
    @Nullable Throwable error() {
        synchronized (queue) {
            return error;
        }
    }

    /** True when it ended because the subscriber fell behind under {@link OverflowPolicy#ERROR}; no lock taken. */
    boolean overflowed() {
        return overflowed;
    }

    /**
     * The subscriber has been served what it can be: the buffer was delivered to its end, the subscriber stopped
     * requesting with events left, cancelled, or its stream ended. What {@code close()} waits for. Any thread; once.
     */
    void settle() {
        Object previous = settlement.getAndSet(SETTLED);
        if (previous instanceof Runnable listener) {
            listener.run();
        }
    }

    /** Runs {@code listener} once this buffer is settled (at once when it is already). */
    void whenSettled(Runnable listener) {
        if (!settlement.compareAndSet(null, listener)) {
            listener.run();   // already settled (a buffer gets one listener: its connection's end)
        }
    }

    /** The delivery serving this buffer. */
    EventDelivery<?> delivery() {
        return delivery;
    }
}
