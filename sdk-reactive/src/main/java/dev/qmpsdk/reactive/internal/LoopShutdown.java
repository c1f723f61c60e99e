package dev.qmpsdk.reactive.internal;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Ends an event loop the SDK created, without Netty's quiet period and without reactor-netty's
 * {@code LoopResources.disposeLater}, which waits on Reactor's global {@code parallel} threads: those would then
 * outlive the loop they were asked to end.
 *
 * <pre>{@code
 * fleetClose.then(LoopShutdown.of(loop, Duration.ofSeconds(5)));
 * }</pre>
 */
public final class LoopShutdown {
    private LoopShutdown() {}

    /**
     * Shuts the loop's threads down when subscribed (closing every channel still registered on them) and completes once
     * they have ended; a thread still busy after {@code timeout} is abandoned by Netty and the Mono completes then.
     */
    public static Mono<Void> of(LoopResources loop, Duration timeout) {
        return Mono.defer(() -> {
            // The SDK's loops run every channel, client or server, on the server group (reactor-netty colocates its
            // client group on it), native when available: LoopResources.create(...) with runOn(loop, true).
            EventLoopGroup group = loop.onServer(true);
            group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Mono.create(sink -> group.terminationFuture().addListener(f -> sink.success()));
        });
    }
}
