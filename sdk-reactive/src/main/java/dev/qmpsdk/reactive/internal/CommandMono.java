package dev.qmpsdk.reactive.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A cold command: every subscription sends the request once, under a fresh id, and waits for its reply.
 * Subscribing creates one {@link PendingCommand} and hands it to the connection.
 *
 * @param <R> the decoded reply type
 */
public final class CommandMono<R> extends Mono<R> {
    /** Writes the request with the given id. */
    @FunctionalInterface
    public interface Encoder {
        void write(OutputStream out, long id) throws IOException;
    }

    /** The connection side: registers the command, writes its request, or fails it. */
    @FunctionalInterface
    public interface Sender {
        void send(PendingCommand<?> command, Encoder encoder);
    }

    private final Sender sender;
    private final String name;
    private final Duration timeout;
    private final String peer;
    private final Encoder encoder;
    private final PendingCommand.Decoder<R> decoder;

    /** A cold command Mono, passed through Reactor's assembly hooks like every built-in operator. */
    public static <R> Mono<R> of(Sender sender, String name, Duration timeout, String peer, Encoder encoder, PendingCommand.Decoder<R> decoder) {
        return onAssembly(new CommandMono<>(sender, name, timeout, peer, encoder, decoder));
    }

    private CommandMono(Sender sender, String name, Duration timeout, String peer, Encoder encoder, PendingCommand.Decoder<R> decoder) {
        this.sender = sender;
        this.name = name;
        this.timeout = timeout;
        this.peer = peer;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    @Override
    public void subscribe(CoreSubscriber<? super R> actual) {
        PendingCommand<R> command = new PendingCommand<>(actual, name, decoder, timeout, peer);
        actual.onSubscribe(command);
        if (!command.isCancelled()) {
            sender.send(command, encoder);
        }
    }
}
