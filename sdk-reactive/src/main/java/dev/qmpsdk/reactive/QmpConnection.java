package dev.qmpsdk.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.introspection.ServerCapabilities;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.misc.AddFdArguments;
import dev.qmpsdk.core.qapi.misc.AddfdInfo;
import dev.qmpsdk.core.qapi.misc.ClosefdArguments;
import dev.qmpsdk.core.qapi.misc.GetfdArguments;
import dev.qmpsdk.core.qapi.misc.RemoveFdArguments;
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

    /**
     * Runs a command with a file descriptor passed as {@code SCM_RIGHTS} ancillary data, written right before the
     * command's bytes: for {@code getfd}, {@code add-fd} and any command of a newer QEMU that takes one. Only over a
     * Unix socket (a TCP connection fails with {@link dev.qmpsdk.core.QmpTransportUnavailableException}); not gated on
     * the {@code oob} capability. Descriptor-passing commands of one connection run one at a time (QEMU keeps only the
     * latest descriptors it read), other commands are not held up. Who closes the descriptor: see {@link FdSource}. A
     * descriptor that is not open, or a file that cannot be opened, fails with
     * {@link dev.qmpsdk.core.QmpFdPassingException} and nothing is sent.
     *
     * <pre>{@code
     * monitor.executeWithFd(QmpCommands.GETFD, GetfdArguments.of(b -> b.fdname("migfile")),
     *         FdSource.open(Path.of("/tmp/vm1.mig"), FdSource.Access.WRITE_TRUNCATE)).block();
     * }</pre>
     */
    <A, R> Mono<R> executeWithFd(CommandDescriptor<A, R> command, @Nullable A arguments, FdSource fd);

    /** {@link #executeWithFd} for a command by name with JSON arguments; the answer as a JSON tree. */
    Mono<JsonNode> executeRawWithFd(String command, @Nullable JsonNode arguments, FdSource fd);

    /**
     * Runs a command out of band ({@code exec-oob}) whatever the compiled schema says about it, for commands of a
     * newer QEMU ({@code yank}, {@code migrate-pause}, {@code migrate-recover} of QEMU 7.2): QEMU answers it at once,
     * even while the monitor is busy with an in-band command. Fails unsent with
     * {@link dev.qmpsdk.core.QmpOobUnavailableException} when out-of-band execution was not negotiated; QEMU itself
     * refuses a command that does not allow it ({@code QmpCommandException}). Commands the compiled schema marks
     * {@code allow-oob} go out of band by themselves once negotiated.
     *
     * <pre>{@code
     * monitor.executeRawOob("migrate-pause", null).block();
     * }</pre>
     */
    Mono<JsonNode> executeRawOob(String command, @Nullable JsonNode arguments);

    /**
     * Passes a descriptor under a name ({@code getfd}), for commands that take {@code fd:NAME} ({@code migrate},
     * {@code getfd}-named sockets); release it with {@link #closePassedFd}. QEMU replaces (and closes) a descriptor
     * already passed under the same name.
     *
     * <pre>{@code
     * monitor.passFd("migfile", FdSource.open(Path.of("/tmp/vm1.mig"), FdSource.Access.WRITE_TRUNCATE)).block();
     * monitor.executeRaw("migrate", Json.object("uri", "fd:migfile")).block();
     * }</pre>
     */
    default Mono<Void> passFd(String name, FdSource fd) {
        return executeWithFd(QmpCommands.GETFD, GetfdArguments.of(b -> b.fdname(name)), fd);
    }

    /**
     * Adds a descriptor to a file descriptor set ({@code add-fd}): a new set when {@code fdsetId} is null. Open it in
     * QEMU as {@code /dev/fdset/<fdsetId>} (a {@code blockdev-add} filename); the set lives until
     * {@link #removeFdFromSet} and no open file of QEMU uses it.
     *
     * <pre>{@code
     * AddfdInfo added = monitor.passFdToSet(FdSource.open(image, FdSource.Access.READ_WRITE), null).block();
     * String filename = "/dev/fdset/" + added.fdsetId();
     * }</pre>
     */
    default Mono<AddfdInfo> passFdToSet(FdSource fd, @Nullable Long fdsetId) {
        return executeWithFd(QmpCommands.ADD_FD, AddFdArguments.of(b -> b.fdsetId(fdsetId)), fd);
    }

    /** Closes a descriptor passed with {@link #passFd} ({@code closefd}). */
    default Mono<Void> closePassedFd(String name) {
        return execute(QmpCommands.CLOSEFD, ClosefdArguments.of(b -> b.fdname(name)));
    }

    /** Removes one descriptor ({@code fd} given) or every descriptor of a set from QEMU's fd sets ({@code remove-fd}). */
    default Mono<Void> removeFdFromSet(long fdsetId, @Nullable Long fd) {
        return execute(QmpCommands.REMOVE_FD, RemoveFdArguments.of(b -> b.fdsetId(fdsetId).fd(fd)));
    }

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
