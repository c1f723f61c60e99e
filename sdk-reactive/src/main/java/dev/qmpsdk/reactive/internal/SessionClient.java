package dev.qmpsdk.reactive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.FdSource;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpClientStats;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link QmpClient} of one connection: a facade that turns each call into a {@link Request} or a subscription for
 * its one {@link QmpSession}, which does the work.
 *
 * <pre>{@code
 * QmpClient qmp = new SessionClient(options);   // what QmpClient.create(options) returns
 * }</pre>
 */
public final class SessionClient implements QmpClient {
    private final QmpClientOptions options;
    private final QmpSession session;
    private final Mono<QmpClient> connected;

    /** A client of a new session, not connected yet. */
    public SessionClient(QmpClientOptions options) {
        this(new QmpSession(options));
    }

    /** A client of this session (accept mode: a session that has a connection already). */
    public SessionClient(QmpSession session) {
        this.options = session.options();
        this.session = session;
        this.connected = session.connect().thenReturn((QmpClient) this).cache();
    }

    @Override
    public Mono<QmpClient> connect() {
        return connected;
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments) {
        return session.execute(Request.typed(Objects.requireNonNull(command, "command"), arguments), options.commandTimeout());
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout) {
        return session.execute(Request.typed(Objects.requireNonNull(command, "command"), arguments), Objects.requireNonNull(timeout, "timeout"));
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments) {
        return session.execute(Request.raw(Objects.requireNonNull(command, "command"), arguments), options.commandTimeout());
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout) {
        return session.execute(Request.raw(Objects.requireNonNull(command, "command"), arguments), Objects.requireNonNull(timeout, "timeout"));
    }

    @Override
    public <A, R> Mono<R> executeWithFd(CommandDescriptor<A, R> command, @Nullable A arguments, FdSource fd) {
        return session.execute(Request.typed(Objects.requireNonNull(command, "command"), arguments).withFd(Objects.requireNonNull(fd, "fd")),
                options.commandTimeout());
    }

    @Override
    public Mono<JsonNode> executeRawWithFd(String command, @Nullable JsonNode arguments, FdSource fd) {
        return session.execute(Request.raw(Objects.requireNonNull(command, "command"), arguments).withFd(Objects.requireNonNull(fd, "fd")),
                options.commandTimeout());
    }

    @Override
    public Mono<JsonNode> executeRawOob(String command, @Nullable JsonNode arguments) {
        return session.execute(Request.rawOob(Objects.requireNonNull(command, "command"), arguments), options.commandTimeout());
    }

    /**
     * Every event, hot. Completes when the connection ends cleanly (closed by the client, after {@code quit}, or by
     * the server's end of stream) and errors with a {@code QmpConnectionException} when it fails.
     */
    @Override
    public Flux<QmpEvent> events() {
        return session.events().subscribe(e -> true);
    }

    @Override
    public <E extends QmpEvent> Flux<E> events(Class<E> type) {
        return session.events().subscribe(type::isInstance).cast(type);
    }

    @Override
    public Flux<QmpEvent> events(String... names) {
        Set<String> wanted = Set.of(names);
        return session.events().subscribe(e -> wanted.contains(e.eventName()));
    }

    @Override
    public Flux<ConnectionState> states() {
        return session.states();
    }

    @Override
    public ConnectionState state() {
        return session.state();
    }

    @Override
    public @Nullable QmpGreeting greeting() {
        return session.greeting();
    }

    @Override
    public boolean oobEnabled() {
        return session.oobEnabled();
    }

    @Override
    public QmpClientOptions options() {
        return options;
    }

    @Override
    public int pendingCommands() {
        return session.pendingCommands();
    }

    @Override
    public Mono<ServerSchema> serverSchema() {
        return session.serverSchema();
    }

    @Override
    public QmpClientStats stats() {
        return session.stats();
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
        return "QmpClient{" + options.address() + ", " + session.state() + "}";
    }
}
