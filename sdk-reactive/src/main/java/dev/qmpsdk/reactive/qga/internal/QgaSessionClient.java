package dev.qmpsdk.reactive.qga.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.reactive.internal.Request;
import dev.qmpsdk.reactive.qga.QgaClient;
import dev.qmpsdk.reactive.qga.QgaClientOptions;
import dev.qmpsdk.reactive.qga.QgaState;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What {@link QgaClient#create} returns: a thin facade turning each call into a {@link Request} for its {@link QgaSession}. */
public final class QgaSessionClient implements QgaClient {
    private final QgaSession session;

    public QgaSessionClient(QgaClientOptions options) {
        this.session = new QgaSession(options);
    }

    @Override
    public Mono<Void> connect() {
        return session.connect();
    }

    @Override
    public QgaClientOptions options() {
        return session.options();
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments) {
        return execute(command, arguments, session.options().commandTimeout());
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        return session.execute(Request.typed(command, arguments), timeout);
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments) {
        return executeRaw(command, arguments, session.options().commandTimeout());
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        return session.execute(Request.raw(command, arguments), timeout);
    }

    @Override
    public Flux<QgaState> states() {
        return session.states();
    }

    @Override
    public QgaState state() {
        return session.state();
    }

    @Override
    public Mono<Void> close() {
        return session.close();
    }

    @Override
    public void dispose() {
        session.dispose();
    }

    @Override
    public boolean isDisposed() {
        return session.isDisposed();
    }

    @Override
    public String toString() {
        return "QgaClient{" + session.options().address() + ", " + session.state() + "}";
    }
}
