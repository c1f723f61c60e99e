package dev.qmpsdk.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code window} commands in flight with the least machinery a Reactor user can have: each completion
 * subscribes the next command, straight from the completing thread. What {@code Flux.flatMap(…, window)}
 * does too, without its per-element queues and drain loop (which a JFR profile of scenario 2 showed taking
 * as much of the event loop as the SDK itself at 256 in flight).
 *
 * <pre>{@code
 * long done = InFlight.run(() -> client.execute(QmpCommands.QUERY_STATUS, null), 256, deadline, Long.MAX_VALUE, latencies);
 * }</pre>
 */
final class InFlight {
    private final Supplier<Mono<?>> command;
    private final long deadlineNanos;
    private final long maxCommands;
    private final Latencies latencies;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final CountDownLatch lanesDone;

    private InFlight(Supplier<Mono<?>> command, int window, long deadlineNanos, long maxCommands, Latencies latencies) {
        this.command = command;
        this.deadlineNanos = deadlineNanos;
        this.maxCommands = maxCommands;
        this.latencies = latencies;
        this.lanesDone = new CountDownLatch(window);
    }

    /** Runs until the deadline (or {@code maxCommands} were started) and every command answered; returns the replies. */
    static long run(Supplier<Mono<?>> command, int window, long deadlineNanos, long maxCommands, Latencies latencies) {
        return start(command, window, deadlineNanos, maxCommands, latencies).await();
    }

    /** Starts {@code window} lanes and returns at once; {@link #await()} waits for them. */
    static InFlight start(Supplier<Mono<?>> command, int window, long deadlineNanos, long maxCommands, Latencies latencies) {
        InFlight f = new InFlight(command, window, deadlineNanos, maxCommands, latencies);
        for (int i = 0; i < window; i++) {
            f.next();
        }
        return f;
    }

    /** Waits until every lane ended; returns the replies, or throws the first command failure. */
    long await() {
        try {
            long waitNanos = Math.max(0, deadlineNanos - System.nanoTime()) + Duration.ofSeconds(60).toNanos();
            if (!lanesDone.await(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("commands still in flight 60 s after the deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (error.get() != null) {
            throw new IllegalStateException("a command failed", error.get());
        }
        return completed.get();
    }

    /** Starts the next command of a lane, or ends the lane. */
    private void next() {
        if (error.get() != null || System.nanoTime() >= deadlineNanos || started.incrementAndGet() > maxCommands) {
            lanesDone.countDown();
            return;
        }
        command.get().subscribe(new Lane(System.nanoTime()));
    }

    /** One command's subscriber; a new one per command, as Reactive Streams requires. */
    private final class Lane implements CoreSubscriber<Object> {
        private final long startNanos;

        Lane(long startNanos) {
            this.startNanos = startNanos;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(1);
        }

        @Override
        public void onNext(Object value) {
        }

        @Override
        public void onError(Throwable t) {
            error.compareAndSet(null, t);
            lanesDone.countDown();
        }

        @Override
        public void onComplete() {
            latencies.record(System.nanoTime() - startNanos);
            completed.incrementAndGet();
            next();
        }
    }
}
