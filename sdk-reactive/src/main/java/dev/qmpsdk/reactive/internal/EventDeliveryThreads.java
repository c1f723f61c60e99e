package dev.qmpsdk.reactive.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * The threads that run event subscribers' code ({@code qmp-events-N}), shared by every connection and fleet of the
 * process. A delivery ({@link EventDelivery}) runs one pass at a time; each pass takes an idle thread or a new one,
 * never one that another pass holds, so a subscriber that blocks its thread delays nobody else. Reactor's shared
 * {@code boundedElastic}, used before, caps its threads at ten per core and pins several workers to one thread beyond
 * that: the subscribers pinned to a blocked thread waited for it. A thread ends after a minute unused.
 *
 * <p>The SDK's own pool rather than a Reactor scheduler, so that it can be ended and awaited without a helper thread
 * (Reactor's {@code disposeGracefully} waits on a non-daemon pool of its own that lives ten more seconds):
 * {@link #shutdown} ends every thread ({@code QmpResources.shutdown()}), and the next subscription starts afresh.
 *
 * <pre>{@code
 * new EventHub(1024, OverflowPolicy.DROP_OLDEST, EventDeliveryThreads.SCHEDULER);
 * }</pre>
 */
public final class EventDeliveryThreads {
    /** How long an unused delivery thread lives. */
    private static final int TTL_SECONDS = 60;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private static final Object LOCK = new Object();
    // Guarded by LOCK.
    private static @Nullable ThreadPoolExecutor threads;

    /**
     * The deliveries' scheduler: every task runs on an idle pool thread or a new one. A worker does not serialize its
     * tasks; {@link EventDelivery} runs one pass at a time by itself. Tasks cannot be cancelled (a pass always runs).
     */
    public static final Scheduler SCHEDULER = new Scheduler() {
        @Override
        public Disposable schedule(Runnable task) {
            pool().execute(task);
            return Disposables.disposed();
        }

        @Override
        public Worker createWorker() {
            return new Worker() {
                private volatile boolean disposed;

                @Override
                public Disposable schedule(Runnable task) {
                    if (disposed) {
                        throw new RejectedExecutionException("this event delivery has ended");
                    }
                    pool().execute(task);
                    return Disposables.disposed();
                }

                @Override
                public void dispose() {
                    disposed = true;
                }

                @Override
                public boolean isDisposed() {
                    return disposed;
                }
            };
        }
    };

    private EventDeliveryThreads() {}

    private static ThreadPoolExecutor pool() {
        synchronized (LOCK) {
            ThreadPoolExecutor p = threads;
            if (p == null) {
                p = new ThreadPoolExecutor(0, Integer.MAX_VALUE, TTL_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                    Thread t = new Thread(task, "qmp-events-" + THREAD_NUMBER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                threads = p;
            }
            return p;
        }
    }

    /**
     * Ends every delivery thread, waiting up to {@code timeout} for the passes that are running (then interrupting
     * them); blocks the caller. Subscriptions still open stop receiving. Returns true when every thread ended in time.
     */
    public static boolean shutdown(Duration timeout) throws InterruptedException {
        ThreadPoolExecutor p;
        synchronized (LOCK) {
            p = threads;
            threads = null;
        }
        if (p == null) {
            return true;
        }
        p.shutdown();
        if (p.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        p.shutdownNow();
        return p.awaitTermination(100, TimeUnit.MILLISECONDS);
    }
}
