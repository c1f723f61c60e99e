package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.kafka.internal.PausingRecordFlux;
import dev.qmpsdk.kafka.internal.PollLoop;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.VmEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The controller's side: every VM of every host that runs a {@link HostAgent}, reached through Kafka with the typed
 * API of a local fleet VM, and all their events.
 *
 * <pre>{@code
 * RemoteFleet remote = RemoteFleet.connect(RemoteFleetOptions.builder("kafka-1:9092").build()).block();
 * StatusInfo status = remote.vm("host-3/vm-17").queryStatus().block();
 * remote.events(ShutdownEvent.class)
 *       .subscribe(e -> log.info("{} shut down (guest: {})", e.vmId(), e.event().guest()));
 * remote.close().block();
 * }</pre>
 *
 * <p>Commands: each becomes a {@link CommandRequest} with a fresh id and the command's deadline, written to the host's
 * request topic; one poll thread reads the replies topic (every partition, from the end when the fleet connected) and
 * completes the command whose id the reply names. Replies to other controllers are skipped by key, unread.
 *
 * <p>Events: each subscription of {@link #events()} gets its own consumer and poll thread, with a bounded buffer and
 * pause/resume of the partitions ({@link RemoteFleetOptions#eventBufferSize()}); events arrive decoded into the
 * generated types (unknown ones as {@code RawEvent}), each VM's in the order QEMU sent them. A record that cannot be
 * read is skipped and counted ({@link #malformedRecords()}).
 */
public final class RemoteFleet implements Disposable {
    private final RemoteFleetOptions options;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Sinks.One<CommandReply>> pending = new ConcurrentHashMap<>();
    private final Map<String, RemoteVmClient> vms = new ConcurrentHashMap<>();
    private final Set<String> knownRequestTopics = ConcurrentHashMap.newKeySet();
    private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
    private final AtomicLong malformed = new AtomicLong();
    private final PollLoop replies;
    private volatile ConnectionState state = ConnectionState.CONNECTING;

    private RemoteFleet(RemoteFleetOptions options) {
        this.options = options;
        states.tryEmitNext(ConnectionState.CONNECTING);
        Map<String, Object> admin = new HashMap<>(options.kafka());
        admin.put("bootstrap.servers", options.bootstrap());
        // The controller may start before any agent: the topics it reads must exist for it to assign their partitions.
        TopicSetup.ensure(admin, List.of(TopicSetup.topic(options.topics().replies(), 3), TopicSetup.topic(options.topics().events(), 6)));
        Map<String, Object> producerConfig = KafkaSettings.controllerProducer(options.bootstrap(), options.controllerId());
        producerConfig.putAll(options.kafka());
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.replies = PollLoop.start("qmp-controller-replies", consumerConfig("replies", 100), this::assignFromEnd,
                (records, consumer) -> records.forEach(this::onReply), this::failed, () -> {});
        this.replies.ready().block(Duration.ofSeconds(60));
        setState(ConnectionState.READY);
    }

    /**
     * Creates the replies and events topics if missing and starts reading replies from their current end; completes
     * with the ready fleet (the blocking start-up runs on a bounded-elastic thread).
     */
    public static Mono<RemoteFleet> connect(RemoteFleetOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.fromCallable(() -> new RemoteFleet(options)).subscribeOn(Schedulers.boundedElastic());
    }

    /** The VM {@code host/vm} (e.g. {@code host-3/vm-17}); nothing is sent until a command is. */
    public RemoteVm vm(String remoteVmId) {
        Objects.requireNonNull(remoteVmId, "remoteVmId");
        return vms.computeIfAbsent(remoteVmId, id -> new RemoteVmClient(this, id));
    }

    /**
     * Every event of every VM published from now on, with backpressure: a subscriber that falls behind pauses its own
     * consumer (memory stays within {@link RemoteFleetOptions#eventBufferSize()} events). Each subscription reads on its
     * own; the records written after the subscription's consumer took its positions reach it.
     */
    public Flux<VmEvent<QmpEvent>> events() {
        return read(false);
    }

    /** Events of one generated type ({@code events(ShutdownEvent.class)}). */
    public <E extends QmpEvent> Flux<VmEvent<E>> events(Class<E> type) {
        return events().filter(e -> type.isInstance(e.event())).map(e -> new VmEvent<>(e.vmId(), type.cast(e.event())));
    }

    /** Like {@link #events()}, but from the oldest event the topic still holds (its retention), then on. */
    public Flux<VmEvent<QmpEvent>> replayEvents() {
        return read(true);
    }

    private Flux<VmEvent<QmpEvent>> read(boolean fromBeginning) {
        int maxPoll = Math.min(256, options.eventBufferSize() / 2);
        return new PausingRecordFlux<>(consumerConfig("events", maxPoll), options.topics().events(), fromBeginning,
                options.eventBufferSize(), this::toEvent);
    }

    private @Nullable VmEvent<QmpEvent> toEvent(ConsumerRecord<String, byte[]> record) {
        try {
            EventRecord event = EventRecord.fromJson(record.value(), record.topic() + "@" + record.partition() + ":" + record.offset());
            return new VmEvent<>(event.remoteVmId(), (QmpEvent) RemoteVmClient.CODEC.decodeMessage(event.toQmpFrame()));
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            return null;
        }
    }

    /** Event records and replies that could not be read (not JSON, a newer format version, missing members). */
    public long malformedRecords() {
        return malformed.get();
    }

    /** Commands waiting for their reply. */
    public int pendingCommands() {
        return pending.size();
    }

    /** READY while open; CLOSED after {@link #close()}; FAILED when the replies consumer failed. */
    public Flux<ConnectionState> states() {
        return states.asFlux();
    }

    public ConnectionState state() {
        return state;
    }

    public RemoteFleetOptions options() {
        return options;
    }

    Mono<CommandReply> send(String host, String vmId, String command, @Nullable JsonNode arguments, Duration timeout) {
        return Mono.defer(() -> send(host, vmId, command, arguments, Instant.now().plus(timeout), timeout));
    }

    /** With a deadline of its own (tests send expired requests); the caller waits {@code timeout} for the reply. */
    Mono<CommandReply> send(String host, String vmId, String command, @Nullable JsonNode arguments, Instant deadline, Duration timeout) {
        return Mono.defer(() -> {
            if (state != ConnectionState.READY) {
                return Mono.error(new QmpConnectionException("cannot send '" + command + "' to " + RemoteVmId.of(host, vmId)
                        + ": the remote fleet is " + state.name().toLowerCase()));
            }
            String id = UUID.randomUUID().toString();
            CommandRequest request = new CommandRequest(id, options.controllerId(), host, vmId, command, arguments, deadline);
            Sinks.One<CommandReply> reply = Sinks.one();
            pending.put(id, reply);
            String topic = options.topics().requests(host);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, RemoteVmId.of(host, vmId), request.toJson());
            Runnable write = () -> producer.send(record, (metadata, error) -> {
                if (error == null) {
                    knownRequestTopics.add(topic);
                } else if (pending.remove(id) != null) {
                    reply.tryEmitError(new QmpConnectionException("could not write request " + id + " ('" + command + "' for "
                            + RemoteVmId.of(host, vmId) + ") to Kafka topic '" + topic + "': " + error.getMessage(), error));
                }
            });
            // The first send to a topic may block for its metadata (up to max.block.ms): never on the caller's thread.
            Mono<Void> sent = knownRequestTopics.contains(topic) ? Mono.fromRunnable(write)
                    : Mono.<Void>fromRunnable(write).subscribeOn(Schedulers.boundedElastic());
            return sent.onErrorMap(e -> new QmpConnectionException("could not write request " + id + " to Kafka topic '" + topic
                            + "': " + e.getMessage(), e))
                    .then(reply.asMono())
                    .timeout(timeout, Mono.error(() -> new QmpTimeoutException("remote command '" + command + "' for "
                            + RemoteVmId.of(host, vmId) + " (request " + id + ")", timeout)))
                    .doFinally(signal -> pending.remove(id));
        });
    }

    private void onReply(ConsumerRecord<String, byte[]> record) {
        if (!options.controllerId().equals(record.key())) {
            return;
        }
        CommandReply reply;
        try {
            reply = CommandReply.fromJson(record.value(), record.topic() + "@" + record.partition() + ":" + record.offset());
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            return;
        }
        Sinks.One<CommandReply> waiting = pending.remove(reply.id());
        if (waiting != null) {
            waiting.tryEmitValue(reply);   // else: a late or repeated reply for a command already answered or timed out
        }
    }

    private Map<String, Object> consumerConfig(String what, int maxPollRecords) {
        Map<String, Object> config = KafkaSettings.groupless(options.bootstrap(), options.controllerId() + "-" + what, maxPollRecords);
        config.putAll(options.kafka());
        return config;
    }

    private void assignFromEnd(KafkaConsumer<String, byte[]> consumer) {
        String topic = options.topics().replies();
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);   // before any request is sent, so no reply can be missed
    }

    private void failed(Throwable error) {
        setState(ConnectionState.FAILED);
        QmpConnectionException e = new QmpConnectionException("the remote fleet's replies consumer failed: " + error.getMessage(), error);
        pending.values().forEach(p -> p.tryEmitError(e));
        pending.clear();
    }

    private void setState(ConnectionState value) {
        state = value;
        states.tryEmitNext(value);
    }

    /** Fails the commands waiting for replies, stops reading and closes the producer. */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (state == ConnectionState.CLOSED) {
                return Mono.empty();
            }
            setState(ConnectionState.CLOSED);
            QmpConnectionException e = new QmpConnectionException("the remote fleet was closed");
            pending.values().forEach(p -> p.tryEmitError(e));
            pending.clear();
            replies.close();
            return replies.stopped().then(Mono.fromRunnable(() -> producer.close(Duration.ofSeconds(5))).subscribeOn(Schedulers.boundedElastic()))
                    .then(Mono.fromRunnable(states::tryEmitComplete));
        });
    }

    @Override
    public void dispose() {
        close().subscribe();
    }

    @Override
    public boolean isDisposed() {
        return state == ConnectionState.CLOSED;
    }
}
