package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpEventOverflowException;
import dev.qmpsdk.core.protocol.QmpEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The events of many connections (a fleet's VMs) as one subscriber's stream. Each source (a VM) is a named stream
 * of connections (one per reconnection); each connection gets a bounded {@link EventBuffer} for this subscriber, so a
 * flooding VM loses only its own events, and one {@link EventDelivery} serves the subscriber from all of them.
 *
 * <p>Completes when the sources stream has completed and every source's last connection has ended and been
 * delivered. A connection that fails just ends that connection's buffer (the VM's state stream says why); a buffer
 * that overflows under {@code OverflowPolicy.ERROR} ends the whole stream with an error naming the VM, which is what
 * that policy asks for.
 *
 * @param <S> a source (the fleet's member)
 * @param <T> what the subscriber receives for each event
 */
public final class MergedEvents<S, T> extends Flux<T> {
    private final Publisher<S> sources;
    private final Function<S, String> nameOf;
    private final Function<S, Publisher<EventHub>> connectionsOf;
    private final Predicate<QmpEvent> filter;
    private final BiFunction<String, QmpEvent, T> map;
    private final Scheduler scheduler;

    public MergedEvents(Publisher<S> sources, Function<S, String> nameOf, Function<S, Publisher<EventHub>> connectionsOf,
                        Predicate<QmpEvent> filter, BiFunction<String, QmpEvent, T> map, Scheduler scheduler) {
        this.sources = sources;
        this.nameOf = nameOf;
        this.connectionsOf = connectionsOf;
        this.filter = filter;
        this.map = map;
        this.scheduler = scheduler;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Delivery delivery = new Delivery(actual);
        actual.onSubscribe(delivery);
        delivery.start();
    }

    private final class Delivery extends EventDelivery<T> {
        /** Buffers not yet delivered to their end, with the connection feeding each. */
        private final Map<EventBuffer, EventHub> live = new ConcurrentHashMap<>();
        /** The sources stream plus each source's stream of connections, until they complete. */
        private final AtomicInteger openStreams = new AtomicInteger(1);
        private final Disposable.Composite subscriptions = Disposables.composite();
        private volatile boolean detached;

        Delivery(CoreSubscriber<? super T> actual) {
            super(actual, scheduler);
        }

        void start() {
            subscriptions.add(Flux.from(sources).subscribe(this::addSource, e -> streamEnded(), this::streamEnded));
        }

        private void addSource(S source) {
            openStreams.incrementAndGet();
            String name = nameOf.apply(source);
            subscriptions.add(Flux.from(connectionsOf.apply(source))
                    .subscribe(hub -> attach(hub, name), e -> streamEnded(), this::streamEnded));
        }

        private void attach(EventHub hub, String name) {
            EventBuffer buffer = hub.newBuffer(this, filter, name);
            live.put(buffer, hub);
            hub.attach(buffer);
            if (detached) {
                hub.detach(buffer);
            }
        }

        private void streamEnded() {
            if (openStreams.decrementAndGet() == 0) {
                schedule();
            }
        }

        @Override
        protected T map(EventBuffer from, QmpEvent event) {
            return map.apply((String) from.source, event);
        }

        @Override
        protected void bufferFinished(EventBuffer buffer) {
            live.remove(buffer);
            Throwable error = buffer.error();
            if (buffer.overflowed() && error != null) {
                terminate(new QmpEventOverflowException("VM '" + buffer.source + "': " + error.getMessage(), error));
            }
        }

        @Override
        protected boolean allSourcesFinished() {
            return openStreams.get() == 0 && live.isEmpty();
        }

        @Override
        protected void detachAll() {
            detached = true;
            subscriptions.dispose();
            live.forEach((buffer, hub) -> hub.detach(buffer));
        }
    }
}
