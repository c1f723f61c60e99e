package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpOobUnavailableException;
import dev.qmpsdk.core.QmpTransportUnavailableException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.FdSource;
import dev.qmpsdk.reactive.QmpClientStats;
import dev.qmpsdk.reactive.VmEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A {@link RemoteVm}: commands become {@link CommandRequest}s through its {@link RemoteFleet}, replies become results. */
final class RemoteVmClient implements RemoteVm {
    static final QmpCodec CODEC = QmpCodec.of(QmpEvents.REGISTRY);

    private final RemoteFleet fleet;
    private final String remoteId;
    private final String host;
    private final String vmId;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();

    RemoteVmClient(RemoteFleet fleet, String remoteId) {
        this.fleet = fleet;
        this.remoteId = remoteId;
        String[] parts = RemoteVmId.split(remoteId);
        this.host = parts[0];
        this.vmId = parts[1];
    }

    @Override
    public String remoteId() {
        return remoteId;
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments) {
        return execute(command, arguments, fleet.options().commandTimeout());
    }

    @Override
    public <A, R> Mono<R> execute(CommandDescriptor<A, R> command, @Nullable A arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> request(command.name(), arguments == null ? null : argumentsJson(command, arguments), timeout))
                .handle((reply, sink) -> {
                    R value = CODEC.decodeResult(command, returnFrame(reply));
                    if (value != null) {
                        sink.next(value);
                    }
                });
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments) {
        return executeRaw(command, arguments, fleet.options().commandTimeout());
    }

    @Override
    public Mono<JsonNode> executeRaw(String command, @Nullable JsonNode arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        return Mono.defer(() -> request(command, arguments, timeout)).map(reply -> Objects.requireNonNull(reply.value()));
    }

    /** Descriptors cannot travel through Kafka: the agent's host would need the caller's open file. Fails unsent. */
    @Override
    public <A, R> Mono<R> executeWithFd(CommandDescriptor<A, R> command, @Nullable A arguments, FdSource fd) {
        return Mono.error(() -> noFdPassing(command.name(), fd));
    }

    @Override
    public Mono<JsonNode> executeRawWithFd(String command, @Nullable JsonNode arguments, FdSource fd) {
        return Mono.error(() -> noFdPassing(command, fd));
    }

    private QmpTransportUnavailableException noFdPassing(String command, FdSource fd) {
        return new QmpTransportUnavailableException("cannot pass " + fd + " with '" + command + "' to remote VM " + remoteId
                + ": file descriptors travel only over a local Unix socket (SCM_RIGHTS), not through Kafka; pass it on the"
                + " VM's host (HostAgent's fleet)");
    }

    /** The request record has no out-of-band flag: the agent runs every command in band. Fails unsent. */
    @Override
    public Mono<JsonNode> executeRawOob(String command, @Nullable JsonNode arguments) {
        return Mono.error(() -> new QmpOobUnavailableException("cannot send '" + command + "' out of band to remote VM " + remoteId
                + ": requests through Kafka run in band on the VM's host; use executeRaw, or the host's own fleet for exec-oob"));
    }

    /** The request's reply when QEMU returned a value; every other outcome as its exception. */
    private Mono<CommandReply> request(String command, @Nullable JsonNode arguments, Duration timeout) {
        sent.incrementAndGet();
        return fleet.send(host, vmId, command, arguments, timeout).flatMap(reply -> {
            replies.incrementAndGet();
            return switch (reply.outcome()) {
                case RETURNED -> Mono.just(reply);
                case FAILED -> Mono.error(new QmpCommandException(command, null, Objects.requireNonNull(reply.errorClass()),
                        reply.detail() == null ? "" : reply.detail()));
                case NOT_EXECUTED -> Mono.error(new QmpNotExecutedException(String.valueOf(reply.detail()), Objects.requireNonNull(reply.reason())));
                case OUTCOME_UNKNOWN -> Mono.error(new QmpOutcomeUnknownException(String.valueOf(reply.detail())));
            };
        });
    }

    private static <A> JsonNode argumentsJson(CommandDescriptor<A, ?> command, A arguments) {
        byte[] frame = CODEC.encodeRequest(command, arguments, (JsonNode) null, false);
        return WireJson.object(frame, "request", command.name()).path("arguments");
    }

    private static byte[] returnFrame(CommandReply reply) {
        ObjectNode frame = QapiJson.TREE_MAPPER.createObjectNode();
        frame.set("return", Objects.requireNonNull(reply.value()));
        return WireJson.bytes(frame);
    }

    @Override
    public Flux<QmpEvent> events() {
        return fleet.events().filter(e -> e.vmId().equals(remoteId)).map(VmEvent::event);
    }

    @Override
    public <E extends QmpEvent> Flux<E> events(Class<E> type) {
        return events().ofType(type);
    }

    /** The controller's link to Kafka (READY while the {@link RemoteFleet} is open), not the VM's monitor. */
    @Override
    public Flux<ConnectionState> states() {
        return fleet.states();
    }

    @Override
    public ConnectionState state() {
        return fleet.state();
    }

    /** Null: the greeting stays on the VM's host. */
    @Override
    public @Nullable QmpGreeting greeting() {
        return null;
    }

    @Override
    public Mono<ServerSchema> serverSchema() {
        return executeRaw("query-qmp-schema", null).map(answer -> ServerSchema.decode(answer, false));
    }

    /** Requests sent and replies received through this handle; the other counters are the host agent's. */
    @Override
    public QmpClientStats stats() {
        return new QmpClientStats(sent.get(), replies.get(), 0, 0, 0, 0, 0, 0);
    }

    /** A handle is a view: closing it closes nothing (close the {@link RemoteFleet}). */
    @Override
    public Mono<Void> close() {
        return Mono.empty();
    }

    @Override
    public void dispose() {}

    @Override
    public boolean isDisposed() {
        return fleet.isDisposed();
    }

    @Override
    public String toString() {
        return "RemoteVm{" + remoteId + "}";
    }
}
