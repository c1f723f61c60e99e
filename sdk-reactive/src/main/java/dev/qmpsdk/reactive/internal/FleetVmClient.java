package dev.qmpsdk.reactive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpUnknownVmException;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A VM of a fleet as a {@link QmpClient}: commands go to the VM's current session, whichever connection that is after
 * reconnections; events and states span all of them. Closing it removes the VM from its fleet.
 *
 * <pre>{@code
 * QmpClient web1 = fleet.vm("web-1");   // one of these per VM
 * web1.queryStatus().block();
 * }</pre>
 */
public final class FleetVmClient implements QmpClient {
    private static final QmpClientStats NO_STATS = new QmpClientStats(0, 0, 0, 0, 0, 0, 0, 0);

    private final FleetMember member;
    /** The fleet's VMs by id, which this VM leaves when it is closed. */
    private final Map<String, FleetVmClient> fleet;

    public FleetVmClient(FleetMember member, Map<String, FleetVmClient> fleet) {
        this.member = member;
        this.fleet = fleet;
    }

    /** The session to send {@code command} on now, or an error saying why there is none. */
    private QmpSession session(String command) {
        if (member.removed()) {
            throw new QmpUnknownVmException(member.vmId(), "cannot send '" + command + "' to VM '" + member.vmId()
                    + "': it was removed from the fleet");
        }
        QmpSession s = member.current();
        if (s == null) {
            throw new QmpConnectionException("cannot send '" + command + "' to VM '" + member.vmId() + "': it has no connection now ("
                    + member.state().name().toLowerCase() + ")");
        }
        return s;
    }

    @Override
    public Mono<QmpClient> connect() {
        return member.states()
                .filter(s -> s == ConnectionState.READY || s.isTerminal())
                .next()
                .switchIfEmpty(Mono.error(() -> new QmpUnknownVmException(member.vmId(), "VM '" + member.vmId() + "' was removed from the fleet")))
                .flatMap(s -> s == ConnectionState.READY ? Mono.just((QmpClient) this) : Mono.error(member.removed()
                        ? new QmpUnknownVmException(member.vmId(), "VM '" + member.vmId() + "' was removed from the fleet")
                        : new QmpConnectionException("VM '" + member.vmId() + "' is " + s.name().toLowerCase() + " and will not reconnect")));
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments) {
        return execute(command, arguments, member.options().commandTimeout());
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout) {
        Request<R> request = Request.typed(Objects.requireNonNull(command, "command"), arguments);
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> session(command.name()).execute(request, timeout));
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments) {
        return executeRaw(command, arguments, member.options().commandTimeout());
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout) {
        Request<JsonNode> request = Request.raw(Objects.requireNonNull(command, "command"), arguments);
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> session(command).execute(request, timeout));
    }

    @Override
    public <A, R> Mono<R> executeWithFd(CommandDescriptor<A, R> command, @Nullable A arguments, FdSource fd) {
        Request<R> request = Request.typed(Objects.requireNonNull(command, "command"), arguments).withFd(Objects.requireNonNull(fd, "fd"));
        return Mono.defer(() -> session(command.name()).execute(request, member.options().commandTimeout()));
    }

    @Override
    public Mono<JsonNode> executeRawWithFd(String command, @Nullable JsonNode arguments, FdSource fd) {
        Request<JsonNode> request = Request.raw(Objects.requireNonNull(command, "command"), arguments).withFd(Objects.requireNonNull(fd, "fd"));
        return Mono.defer(() -> session(command).execute(request, member.options().commandTimeout()));
    }

    @Override
    public Mono<JsonNode> executeRawOob(String command, @Nullable JsonNode arguments) {
        Request<JsonNode> request = Request.rawOob(Objects.requireNonNull(command, "command"), arguments);
        return Mono.defer(() -> session(command).execute(request, member.options().commandTimeout()));
    }

    /** Every event of this VM, hot, across its connections; completes when the VM is removed from the fleet. */
    @Override
    public Flux<QmpEvent> events() {
        return merged(e -> true);
    }

    @Override
    public <E extends QmpEvent> Flux<E> events(Class<E> type) {
        return merged(type::isInstance).cast(type);
    }

    @Override
    public Flux<QmpEvent> events(String... names) {
        Set<String> wanted = Set.of(names);
        return merged(e -> wanted.contains(e.eventName()));
    }

    private Flux<QmpEvent> merged(Predicate<QmpEvent> filter) {
        Scheduler own = member.options().eventScheduler();
        return new MergedEvents<FleetMember, QmpEvent>(Mono.just(member), FleetMember::vmId, FleetMember::connections, filter,
                (vm, e) -> e, own != null ? own : EventDeliveryThreads.SCHEDULER);
    }

    @Override
    public Flux<ConnectionState> states() {
        return member.states();
    }

    @Override
    public ConnectionState state() {
        return member.state();
    }

    @Override
    public @Nullable QmpGreeting greeting() {
        QmpSession s = member.current();
        return s == null ? null : s.greeting();
    }

    @Override
    public boolean oobEnabled() {
        QmpSession s = member.current();
        return s != null && s.oobEnabled();
    }

    @Override
    public QmpClientOptions options() {
        return member.options();
    }

    @Override
    public int pendingCommands() {
        QmpSession s = member.current();
        return s == null ? 0 : s.pendingCommands();
    }

    /** The schema of the VM's current connection, asked once per connection. */
    @Override
    public Mono<ServerSchema> serverSchema() {
        return Mono.defer(() -> session("query-qmp-schema").serverSchema());
    }

    /** The counters of the current connection (zero between connections). */
    @Override
    public QmpClientStats stats() {
        QmpSession s = member.current();
        return s == null ? NO_STATS : s.stats();
    }

    /** Removes this VM from its fleet and closes its connection. */
    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            fleet.remove(member.vmId(), this);
            return member.stop();
        });
    }

    @Override
    public void dispose() {
        close().subscribe();
    }

    @Override
    public boolean isDisposed() {
        return member.removed();
    }

    @Override
    public String toString() {
        return "QmpClient{" + member + "}";
    }
}
