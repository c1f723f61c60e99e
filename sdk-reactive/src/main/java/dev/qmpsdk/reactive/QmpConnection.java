package dev.qmpsdk.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.introspection.ServerCapabilities;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every QMP monitor connection offers, whoever made it and whichever schema its typed commands come from:
 * commands by descriptor or by name, events, state and closing. Typed command interfaces generated from a schema
 * (the SDK's own {@code QmpCommandsApi}, or one a user generates for their QEMU) are built on {@link #execute}, so
 * any {@code QmpConnection} can be given the typed methods of any schema.
 *
 * <pre>{@code
 * QmpConnection monitor = ...;
 * monitor.events(StopEvent.class).subscribe(e -> log.info("paused at {}", e.timestamp()));
 * StatusInfo status = monitor.execute(QmpCommands.QUERY_STATUS, null).block();
 * JsonNode cpus = monitor.executeRaw("query-cpus-fast", null).block();
 * }</pre>
 */
public interface QmpConnection extends Disposable {

    /** Runs a command with the default deadline; the Mono sends on subscribe, once per subscription. */
    <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments);

    /** Runs a command with its own deadline; empty for commands that return nothing. */
    <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout);

    /** Runs a command the compiled schema does not know (or with hand-made arguments); the answer as a JSON tree. */
    Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments);

    /** {@link #executeRaw(String, JsonNode)} with its own deadline. */
    Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout);

    /** Every event, hot: subscribers see the events that arrive while they are subscribed. */
    Flux<QmpEvent> events();

    /** Events of one generated type ({@code events(StopEvent.class)}). */
    <E extends QmpEvent> Flux<E> events(Class<E> type);

    /** The connection's states, starting with the current one. */
    Flux<ConnectionState> states();

    /** The current state. */
    ConnectionState state();

    /** The server's greeting (version, capabilities); null before it arrived. */
    @Nullable QmpGreeting greeting();

    /**
     * What the server says about itself ({@code query-qmp-schema}), decoded for any QEMU 2.11 to 10.x and asked once
     * per connection (a fleet VM asks again after it reconnects: QEMU may have been upgraded). Ask it about the compiled
     * model with {@link ServerCapabilities}. A failure to fetch it is not kept: the next subscription asks again.
     *
     * <pre>{@code
     * ServerCapabilities server = ServerCapabilities.of(monitor.serverSchema().block());
     * if (!server.has(QmpCommands.QUERY_CPUS)) { ... }   // QEMU 6.0 removed it
     * }</pre>
     */
    Mono<ServerSchema> serverSchema();

    /** Counters of this connection. */
    QmpClientStats stats();

    /** Closes the connection; completes once it is closed. */
    Mono<Void> close();
}
