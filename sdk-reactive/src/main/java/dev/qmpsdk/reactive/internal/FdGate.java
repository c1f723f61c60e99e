package dev.qmpsdk.reactive.internal;

import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Lets one descriptor-passing command of a connection be in flight at a time. QEMU keeps the descriptors of its
 * latest read that carried any and closes older ones it has not handed to a command yet; its monitor reads ahead of
 * the command it runs, so a second descriptor arriving before {@code getfd} ran would replace the first (and the
 * first {@code getfd} would get the second descriptor). Commands without descriptors are not held up.
 *
 * <pre>{@code
 * Mono<R> gated = gate.inTurn(command, () -> strayByteExpected = false);
 * }</pre>
 */
final class FdGate {
    private final AtomicReference<Mono<Void>> tail = new AtomicReference<>(Mono.empty());

    /**
     * {@code command}, subscribed once every earlier command of this gate has ended (completed, failed or cancelled);
     * {@code after} runs when it ends. A subscriber that cancels while waiting lets the next one go only after the
     * command it waited for.
     */
    <R> Mono<R> inTurn(Mono<R> command, Runnable after) {
        return Mono.defer(() -> {
            Sinks.Empty<Void> mine = Sinks.empty();
            Mono<Void> before = tail.getAndSet(mine.asMono());
            return before.then(command).doFinally(signal -> {
                after.run();
                before.subscribe(v -> {}, e -> mine.tryEmitEmpty(), mine::tryEmitEmpty);
            });
        });
    }
}
