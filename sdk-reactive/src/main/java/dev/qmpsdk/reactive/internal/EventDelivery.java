package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.protocol.QmpEvent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * Serves one subscriber from any number of {@link EventBuffer}s (one per connection it listens to) on its own
 * scheduler worker, by the subscriber's demand. With {@link EventDeliveryThreads#SCHEDULER} that worker is a thread
 * of its own, so a subscriber that blocks holds up only itself. Event loops only append to buffers and, when a buffer goes from idle
 * to having work, queue it here; this loop takes up to {@link #BATCH} events from one buffer at a time, round robin,
 * so one flooding connection cannot starve the others. This replaces a chain of Reactor operators per connection
 * (sink, filter, buffer, merge, hop), which cost the event loop a quarter of its time in the firehose benchmark.
 *
 * <p>Subclasses decide what a buffer's end means: the end of the stream (one connection) or one source fewer (a
 * fleet).
 */
public abstract class EventDelivery<T> implements org.reactivestreams.Subscription, Runnable {
    /**
     * Events taken from one buffer at a time (under its lock once) before moving to the next ready one. Taken
     * events are out of the buffer, so a slow subscriber holds up to this many beyond its buffer's capacity.
     */
    public static final int BATCH = 64;

    private static final AtomicIntegerFieldUpdater<EventDelivery> WIP = AtomicIntegerFieldUpdater.newUpdater(EventDelivery.class, "wip");
    private static final AtomicLongFieldUpdater<EventDelivery> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(EventDelivery.class, "requested");

    protected final CoreSubscriber<? super T> actual;
    private final Scheduler.Worker worker;
    private final Queue<EventBuffer> readyBuffers = Queues.<EventBuffer>unboundedMultiproducer().get();
    private final QmpEvent[] batch = new QmpEvent[BATCH];
    /** A buffer still holding events when demand ran out; its ready flag stays set. */
    private @Nullable EventBuffer current;
    private volatile int wip;
    private volatile long requested;
    private volatile boolean cancelled;
    private volatile @Nullable Throwable pendingError;
    private boolean terminated;
    /** The thread running {@link #run()} right now, if any: a subscriber that closes from its own callback. */
    private volatile @Nullable Thread runningOn;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final Runnable wakeUp = () -> {
        wakeUpPending.set(false);
        schedule();
    };

    protected EventDelivery(CoreSubscriber<? super T> actual, Scheduler scheduler) {
        this.actual = actual;
        this.worker = scheduler.createWorker();
    }

    /** The subscriber's value for an event from {@code buffer}. */
    protected abstract T map(EventBuffer buffer, QmpEvent event);

    /** A buffer was delivered to its end; called once per buffer, on the delivery thread. */
    protected abstract void bufferFinished(EventBuffer buffer);

    /** Checked after each pass, on the delivery thread: true when the stream should complete now. */
    protected abstract boolean allSourcesFinished();

    /** Stop feeding buffers (detach them from their connections); may be called from any thread. */
    protected abstract void detachAll();

    /**
     * Called when {@code buffer} has events or its end: queues it unless it is queued already, and wakes this
     * delivery. On an event loop ({@code loop} not null) the wake-up is deferred to a task that the loop runs after
     * the reads of its current pass, so one pass over a thousand connections wakes a subscriber once, not once per
     * connection (handing a task to a worker thread was a tenth of the fleet's loop in the firehose profile).
     * Without {@code loop} the delivery is woken at once.
     */
    final void bufferHasWork(EventBuffer buffer, @Nullable Executor loop) {
        if (buffer.ready.get() || !buffer.ready.compareAndSet(false, true)) {
            if (loop == null) {
                schedule();   // already queued, but wanted now (the buffer is filling up)
            }
        } else {
            readyBuffers.offer(buffer);
            if (loop == null) {
                schedule();
            } else if (!wakeUpPending.get() && wakeUpPending.compareAndSet(false, true)) {
                try {
                    loop.execute(wakeUp);
                } catch (RejectedExecutionException shutDown) {
                    wakeUp.run();
                }
            }
        }
    }

    @Override
    public final void request(long n) {
        if (Operators.validate(n)) {
            Operators.addCap(REQUESTED, this, n);
            schedule();
        }
    }

    @Override
    public final void cancel() {
        if (!cancelled) {
            cancelled = true;
            detachAll();
            schedule();
        }
    }

    /** True once the subscriber cancelled or the stream ended. */
    final boolean isCancelled() {
        return cancelled;
    }

    /** Ends the stream with an error on the delivery thread's next pass (e.g. when a source fails). */
    protected final void failLater(Throwable error) {
        pendingError = error;
        schedule();
    }

    /** Makes the delivery look at its sources again, e.g. after one finished. */
    protected final void schedule() {
        if (WIP.getAndIncrement(this) == 0) {
            try {
                worker.schedule(this);
            } catch (RuntimeException rejected) {
                // The scheduler is shut down (QmpResources.shutdown()): nothing can be delivered any more, and nobody
                // should wait for it (detaching settles the buffers that close() waits for).
                WIP.set(this, 0);
                detachAll();
            }
        }
    }

    /** True while this delivery is calling its subscriber (or deciding to) on {@code thread}. */
    final boolean isRunningOn(Thread thread) {
        return runningOn == thread;
    }

    @Override
    public final void run() {
        runningOn = Thread.currentThread();
        try {
            runPasses();
        } finally {
            runningOn = null;
        }
    }

    private void runPasses() {
        int missed = 1;
        do {
            if (terminated) {
                return;
            }
            if (cancelled) {
                finish();
                return;
            }
            Throwable error = pendingError;
            if (error != null) {
                terminate(error);
                return;
            }
            long demand = requested;
            long emitted = drain(demand);
            if (emitted != 0 && demand != Long.MAX_VALUE) {
                REQUESTED.addAndGet(this, -emitted);
            }
            if (terminated) {
                return;
            }
            if (current == null && readyBuffers.isEmpty() && allSourcesFinished()) {
                terminate(null);
                return;
            }
            missed = WIP.addAndGet(this, -missed);
        } while (missed != 0);
    }

    /** Delivers up to {@code demand} events from the ready buffers; returns how many. */
    private long drain(long demand) {
        long emitted = 0;
        while (!cancelled && !terminated) {
            EventBuffer buffer = current;
            current = null;
            if (buffer == null) {
                buffer = readyBuffers.poll();
                if (buffer == null) {
                    return emitted;
                }
            }
            if (emitted == demand) {
                if (buffer.isFinished()) {
                    release(buffer);   // its end needs no demand
                    continue;
                }
                if (buffer.isDone()) {
                    // The connection ended and the subscriber wants nothing more for now: close() does not wait for
                    // it (the events stay buffered for when it requests again).
                    buffer.settle();
                }
                current = buffer;
                return emitted;
            }
            int want = (int) Math.min(BATCH, demand - emitted);
            int n = buffer.drainTo(batch, want);
            int discarded = 0;
            for (int i = 0; i < n; i++) {
                QmpEvent event = batch[i];
                batch[i] = null;
                if (buffer.overflowed()) {
                    discarded++;   // ERROR policy: the error goes out now, not after what was already taken
                } else if (!cancelled && !terminated) {
                    emit(buffer, event);
                }
            }
            buffer.dropped(discarded);
            emitted += n - discarded;
            if (n == want && !buffer.overflowed()) {
                // Maybe more: let the other ready buffers have a turn first (its ready flag stays set).
                readyBuffers.offer(buffer);
                continue;
            }
            release(buffer);
        }
        return emitted;
    }

    /**
     * A buffer found empty: clear its ready flag, then look again, since the event loop may have appended in
     * between and seen the flag still set; a buffer that has also ended is finished here, once.
     */
    private void release(EventBuffer buffer) {
        buffer.ready.set(false);
        if (buffer.isFinished()) {
            if (!buffer.finishDelivered) {
                buffer.finishDelivered = true;
                bufferFinished(buffer);
                buffer.settle();
            }
        } else if (!buffer.isEmpty() && buffer.ready.compareAndSet(false, true)) {
            readyBuffers.offer(buffer);
        }
    }

    private void emit(EventBuffer buffer, QmpEvent event) {
        T value;
        try {
            value = map(buffer, event);
        } catch (Throwable t) {
            terminate(Operators.onOperatorError(this, t, event, actual.currentContext()));
            return;
        }
        try {
            actual.onNext(value);
        } catch (Throwable t) {
            terminate(Operators.onOperatorError(this, t, value, actual.currentContext()));
        }
    }

    /** Ends the stream from the delivery thread: completes (null) or fails, once. */
    protected final void terminate(@Nullable Throwable error) {
        if (terminated) {
            return;
        }
        terminated = true;
        finish();
        if (error == null) {
            actual.onComplete();
        } else {
            actual.onError(error);
        }
    }

    private void finish() {
        terminated = true;
        cancelled = true;
        detachAll();
        current = null;
        readyBuffers.clear();
        worker.dispose();
    }
}
