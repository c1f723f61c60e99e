package dev.qmpsdk.reactive.internal;

import java.time.Duration;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A cold command: every subscription sends the request once, under an id of its own, and waits for its reply.
 * Subscribing creates one {@link PendingCommand} and hands it to the session, which registers and writes it.
 *
 * @param <R> the decoded reply type
 */
final class CommandMono<R> extends Mono<R> {
    private final QmpSession session;
    private final Request<R> request;
    private final Duration timeout;

    /** A cold command Mono, passed through Reactor's assembly hooks like every built-in operator. */
    static <R> Mono<R> of(QmpSession session, Request<R> request, Duration timeout) {
        return onAssembly(new CommandMono<>(session, request, timeout));
    }

    private CommandMono(QmpSession session, Request<R> request, Duration timeout) {
        this.session = session;
        this.request = request;
        this.timeout = timeout;
    }

    @Override
    public void subscribe(CoreSubscriber<? super R> actual) {
        PendingCommand<R> command = new PendingCommand<>(actual, request, session.codec(), timeout, session.peer());
        command.observe(session.trace(command));   // before anyone can cancel it; a no-op when nothing observes
        actual.onSubscribe(command);
        if (!command.isCancelled()) {
            session.send(command);
        }
    }
}
