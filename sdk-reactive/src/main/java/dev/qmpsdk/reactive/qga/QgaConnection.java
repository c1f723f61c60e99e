package dev.qmpsdk.reactive.qga;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every guest agent connection offers, whichever schema its typed commands come from: commands by descriptor
 * or by name, its state and closing. The typed client a user generates from their QEMU's {@code qga/qapi-schema.json}
 * (the Maven plugin with {@code <clientKind>guest-agent</clientKind>}) is built on {@link #execute}.
 *
 * <pre>{@code
 * QgaConnection agent = ...;
 * JsonNode osinfo = agent.executeRaw("guest-get-osinfo", null).block();
 * agent.execute(MyQgaCommands.GUEST_PING, null, Duration.ofSeconds(2)).block();
 * }</pre>
 *
 * <p>The agent serves one command at a time: commands are queued and sent in subscription order, each after the
 * previous one is answered. A command's deadline covers its time in that queue, waiting for the agent (while the
 * client is {@link QgaState#WAITING} or {@link QgaState#SYNCING}) and its reply; a command that times out fails with
 * {@code QmpTimeoutException} and the client resynchronises before sending the next one.
 */
public interface QgaConnection extends Disposable {

    /** Runs a command with the default deadline; the Mono sends on subscribe, once per subscription. */
    <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments);

    /** Runs a command with its own deadline. */
    <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout);

    /**
     * Runs a command by wire name with JSON arguments (or none); emits the {@code return} value as a tree.
     * {@code guest-shutdown} and {@code guest-suspend-*} are known to send no reply on success and complete as
     * described at {@link QgaClient}.
     */
    Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments);

    /** {@link #executeRaw(String, JsonNode)} with its own deadline. */
    Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout);

    /** The state now, then every change; completes when the client is closed. */
    Flux<QgaState> states();

    /** The state now. */
    QgaState state();

    /** Closes the connection and stops waiting for the agent; queued commands fail. Completes once CLOSED. */
    Mono<Void> close();
}
