package dev.qmpsdk.reactive.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The event loop clients use when their configuration names none: ONE daemon thread for every monitor
 * connection of the process, created on first use. QMP traffic per VM is small; one thread multiplexes
 * thousands of connections, and a slow VM only ever costs the bytes it sends. {@link dev.qmpsdk.reactive.QmpResources#shutdown()}
 * ends it; the next connection creates a new one.
 */
public final class SharedLoop {
    private static final Object LOCK = new Object();
    // Guarded by LOCK.
    private static @Nullable LoopResources loop;

    private SharedLoop() {}

    public static LoopResources get() {
        synchronized (LOCK) {
            LoopResources current = loop;
            if (current == null) {
                current = LoopResources.create("qmp", 1, 1, true);
                loop = current;
            }
            return current;
        }
    }

    /**
     * Ends the shared loop's thread (closing whatever connection is still open on it) without Netty's quiet period:
     * the caller says nothing more is coming. Completes once the thread has ended, or after {@code timeout}.
     */
    public static Mono<Void> shutdown(Duration timeout) {
        LoopResources current;
        synchronized (LOCK) {
            current = loop;
            loop = null;
        }
        return current == null ? Mono.empty() : LoopShutdown.of(current, timeout);
    }
}
