package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.OverflowPolicy;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One connection's hot, multicast event stream. The event loop only appends each event to every subscriber's own
 * bounded {@link EventBuffer} (never calls the subscriber's code), and each subscriber is served by its own
 * {@link EventDelivery} on {@code deliveryScheduler} ({@link EventDeliveryThreads#SCHEDULER}: a thread each): a slow or
 * stalled subscriber fills its own buffer and loses
 * events by its overflow policy, while replies and the other subscribers go on.
 */
public final class EventHub {
    private static final EventBuffer[] NONE = {};

    private final int bufferSize;
    private final OverflowPolicy policy;
    private final Scheduler deliveryScheduler;
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile @Nullable Runnable dropListener;
    /** Copy-on-write: read on every event by the event loop, changed when subscribers come and go. */
    private volatile EventBuffer[] buffers = NONE;
    private volatile @Nullable Executor loop;
    // Guarded by this.
    private boolean ended;
    private @Nullable Throwable endedWith;
    /** Completes once every subscriber of the ended connection has been served what was buffered (see delivered()). */
    private final Sinks.Empty<Void> settled = Sinks.empty();

    public EventHub(int bufferSize, OverflowPolicy policy, Scheduler deliveryScheduler) {
        this.bufferSize = bufferSize;
        this.policy = policy;
        this.deliveryScheduler = deliveryScheduler;
    }

    /**
     * The event loop that publishes, once the connection exists: deliveries are woken from a task on it, once per
     * pass of the loop.
     */
    public void publishFrom(Executor eventLoop) {
        this.loop = eventLoop;
    }

    /** Called on the event loop for each event; never blocks on a subscriber. */
    public void publish(QmpEvent event) {
        received.increment();
        Executor via = loop;
        for (EventBuffer b : buffers) {
            b.offer(event, via);
        }
    }

    public void complete() {
        end(null);
    }

    public void fail(Throwable error) {
        end(error);
    }

    private void end(@Nullable Throwable error) {
        EventBuffer[] last;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endedWith = error;
            last = buffers;
            buffers = NONE;
        }
        // One count per buffer plus one for this loop, so the sink cannot complete before every listener is set.
        AtomicInteger unsettled = new AtomicInteger(last.length + 1);
        Runnable oneSettled = () -> {
            if (unsettled.decrementAndGet() == 0) {
                settled.tryEmitEmpty();
            }
        };
        for (EventBuffer b : last) {
            b.whenSettled(oneSettled);
            b.end(error);
        }
        oneSettled.run();
    }

    /**
     * Completes once the connection has ended and every subscriber it had then has been handed the events buffered for
     * it, as far as its demand goes: each buffer was delivered to its end, or its subscriber cancelled, or requests
     * nothing more for now (its events wait for it, but close() does not). A subscriber that closes the connection
     * from its own callback, on {@code caller}, is not waited for (it would wait for itself).
     */
    public Mono<Void> delivered(Thread caller) {
        for (EventBuffer b : buffers) {
            if (b.delivery().isRunningOn(caller)) {
                b.settle();
            }
        }
        return settled.asMono();
    }

    /** A subscriber's view, hot: filtered before buffering, so its buffer only holds what it wants. */
    public Flux<QmpEvent> subscribe(Predicate<QmpEvent> filter) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super QmpEvent> actual) {
                SingleConnectionDelivery delivery = new SingleConnectionDelivery(actual);
                EventBuffer buffer = newBuffer(delivery, filter, null);
                delivery.buffer = buffer;
                actual.onSubscribe(delivery);
                attach(buffer);
                if (delivery.isCancelled()) {
                    detach(buffer);   // cancelled from onSubscribe (take(0), ...), before there was anything to detach
                }
            }
        };
    }

    /** A buffer on this connection for {@code delivery}'s subscriber, not yet attached. */
    EventBuffer newBuffer(EventDelivery<?> delivery, Predicate<QmpEvent> filter, @Nullable Object source) {
        return new EventBuffer(delivery, filter, source, bufferSize, policy, this::drop);
    }

    /** Starts feeding {@code buffer}; a connection that already ended ends it at once. */
    void attach(EventBuffer buffer) {
        Throwable endError;
        synchronized (this) {
            if (!ended) {
                EventBuffer[] now = Arrays.copyOf(buffers, buffers.length + 1);
                now[now.length - 1] = buffer;
                buffers = now;
                return;
            }
            endError = endedWith;
        }
        buffer.end(endError);
    }

    /** Stops feeding {@code buffer} (its subscriber cancelled or its stream ended); nobody waits for it any more. */
    void detach(EventBuffer buffer) {
        buffer.settle();   // outside the lock: it may complete a close() whose subscriber runs on
        remove(buffer);
    }

    private synchronized void remove(EventBuffer buffer) {
        EventBuffer[] now = buffers;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == buffer) {
                EventBuffer[] less = new EventBuffer[now.length - 1];
                System.arraycopy(now, 0, less, 0, i);
                System.arraycopy(now, i + 1, less, i, now.length - i - 1);
                buffers = less;
                return;
            }
        }
    }

    public long received() {
        return received.sum();
    }

    /** Also tells {@code listener} of every event lost (the session's observers); set before the first subscriber. */
    void onDropped(Runnable listener) {
        this.dropListener = listener;
    }

    private void drop() {
        dropped.increment();
        Runnable listener = dropListener;
        if (listener != null) {
            listener.run();
        }
    }

    public long dropped() {
        return dropped.sum();
    }

    /** One subscriber of one connection: the buffer's end is the stream's end. */
    private final class SingleConnectionDelivery extends EventDelivery<QmpEvent> {
        @Nullable EventBuffer buffer;

        SingleConnectionDelivery(CoreSubscriber<? super QmpEvent> actual) {
            super(actual, deliveryScheduler);
        }

        @Override
        protected QmpEvent map(EventBuffer from, QmpEvent event) {
            return event;
        }

        @Override
        protected void bufferFinished(EventBuffer finished) {
            terminate(finished.error());
        }

        @Override
        protected boolean allSourcesFinished() {
            return false;
        }

        @Override
        protected void detachAll() {
            EventBuffer b = buffer;
            if (b != null) {
                detach(b);
            }
        }
    }
}
