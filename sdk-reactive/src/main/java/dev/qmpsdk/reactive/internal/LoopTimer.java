package dev.qmpsdk.reactive.internal;

import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Delays on a connection's event loop instead of Reactor's global {@code parallel} scheduler, whose threads
 * ({@code parallel-N}) would outlive every client: the SDK's timers then end with its event loop.
 *
 * <pre>{@code
 * connect.timeout(LoopTimer.delay(loop.onClient(true), Duration.ofSeconds(10)), Mono.error(...));
 * }</pre>
 */
public final class LoopTimer {
    private LoopTimer() {}

    /** Emits 0 after {@code delay} on one of {@code loop}'s threads; cancelling cancels the timer. */
    public static Mono<Long> delay(EventExecutorGroup loop, Duration delay) {
        return Mono.create(sink -> {
            try {
                ScheduledFuture<?> timer = loop.schedule(() -> sink.success(0L), delay.toNanos(), TimeUnit.NANOSECONDS);
                sink.onCancel(() -> timer.cancel(false));
            } catch (RejectedExecutionException e) {
                sink.error(new IllegalStateException("the SDK's event loop is shut down (QmpResources.shutdown())", e));
            }
        });
    }
}
