package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.OverflowPolicy;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One connection's hot, multicast event stream. The event loop only hands each event to every
 * subscriber's own bounded buffer (never to the subscriber's code), and each subscriber is served on
 * {@code deliveryScheduler}: a slow or stalled subscriber fills its own buffer and loses events by its
 * overflow policy, while replies and the other subscribers go on.
 */
public final class EventHub {
    private final Sinks.Many<QmpEvent> sink = Sinks.many().multicast().directBestEffort();
    private final int bufferSize;
    private final OverflowPolicy policy;
    private final Scheduler deliveryScheduler;
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public EventHub(int bufferSize, OverflowPolicy policy, Scheduler deliveryScheduler) {
        this.bufferSize = bufferSize;
        this.policy = policy;
        this.deliveryScheduler = deliveryScheduler;
    }

    /** Called on the event loop for each event; never blocks. */
    public void publish(QmpEvent event) {
        received.increment();
        // FAIL_ZERO_SUBSCRIBER is normal (nobody listening); the others cannot happen with one emitting thread.
        sink.tryEmitNext(event);
    }

    public void complete() {
        sink.tryEmitComplete();
    }

    public void fail(Throwable error) {
        sink.tryEmitError(error);
    }

    /** A subscriber's view: filtered before buffering, so the buffer only holds what it wants. */
    public Flux<QmpEvent> subscribe(Predicate<QmpEvent> filter) {
        return buffered(filter).publishOn(deliveryScheduler, 32);
    }

    /**
     * The same bounded, filtered buffer, still on the event loop: for a consumer that merges many
     * connections' buffers on their loop and hops to another thread once, after the merge (the fleet).
     */
    public Flux<QmpEvent> buffered(Predicate<QmpEvent> filter) {
        Flux<QmpEvent> wanted = sink.asFlux().filter(filter);
        Flux<QmpEvent> buffered = switch (policy) {
            case DROP_OLDEST -> wanted.onBackpressureBuffer(bufferSize, e -> dropped.increment(), BufferOverflowStrategy.DROP_OLDEST);
            case DROP_LATEST -> wanted.onBackpressureBuffer(bufferSize, e -> dropped.increment(), BufferOverflowStrategy.DROP_LATEST);
            case ERROR -> wanted.onBackpressureBuffer(bufferSize, e -> dropped.increment(), BufferOverflowStrategy.ERROR)
                    .onErrorMap(Exceptions::isOverflow, e -> new QmpException("event subscriber fell behind: its buffer of " + bufferSize
                            + " events overflowed (OverflowPolicy.ERROR); consume faster, raise the buffer or choose DROP_OLDEST", e));
        };
        return buffered;
    }

    public long received() {
        return received.sum();
    }

    public long dropped() {
        return dropped.sum();
    }
}
