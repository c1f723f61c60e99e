package dev.qmpsdk.reactive.internal;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that run event subscribers' code, shared by every connection and fleet of the process: each live
 * subscription's {@link EventDelivery} gets a worker on a thread that no other live subscription uses, so a
 * subscriber that blocks its thread delays nobody else. Reactor's shared {@code boundedElastic}, used before, caps
 * its threads at ten per core and pins several workers to one thread beyond that: the subscribers pinned to a
 * blocked thread waited for it. The price is one (mostly parked) thread per live subscription, named
 * {@code qmp-events-N}; a thread is reused by later subscriptions and ends after a minute unused.
 *
 * <pre>{@code
 * new EventHub(1024, OverflowPolicy.DROP_OLDEST, EventDeliveryThreads.SCHEDULER);
 * }</pre>
 */
public final class EventDeliveryThreads {
    /** How long an unused delivery thread lives. */
    private static final int TTL_SECONDS = 60;

    /**
     * A bounded-elastic scheduler without a practical bound: a new worker takes an unused thread or a new one, never
     * one that another live worker holds (that only happens at the cap).
     */
    public static final Scheduler SCHEDULER = Schedulers.newBoundedElastic(Integer.MAX_VALUE, Integer.MAX_VALUE, "qmp-events",
            TTL_SECONDS, true);

    private EventDeliveryThreads() {}
}
