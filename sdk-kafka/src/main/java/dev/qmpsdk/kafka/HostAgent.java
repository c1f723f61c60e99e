package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.kafka.internal.OffsetTracker;
import dev.qmpsdk.kafka.internal.PollLoop;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.reactive.ReconnectPolicy;
import dev.qmpsdk.reactive.VmEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The agent of one host: owns the host's {@link QmpFleet} (VMs added and removed at run time), publishes every event
 * of every VM to the events topic as an {@link EventRecord} keyed by {@code host/vm}, and executes the
 * {@link CommandRequest}s of its request topic, answering each with a {@link CommandReply} on the replies topic.
 *
 * <pre>{@code
 * HostAgent agent = HostAgent.start(HostAgentOptions.builder("kafka-1:9092", "host-3").build()).block();
 * agent.add("vm-17", QmpClientOptions.unix(Path.of("/run/vm-17.qmp")).build()).block();
 * // controllers now reach it as remote.vm("host-3/vm-17")
 * agent.close().block();
 * }</pre>
 *
 * <p>What a request gets: the agent never begins a request whose deadline has passed, nor one for a VM it does not
 * have or that is not connected ("not executed", {@link QmpNotExecutedException}). Before sending a command to QEMU it
 * writes the request's id to the compacted executed topic and waits for Kafka's acknowledgement; at start it reads
 * that topic whole. So a request that Kafka delivers again (the agent was killed before committing its offset) is
 * answered from that record — with the reply given then, or "outcome unknown" when the earlier run died before
 * answering — and never executed twice. Offsets are committed only up to the oldest request still in progress.
 *
 * <p>Events: the agent decodes no event (its fleet's registry is empty), so each record carries QEMU's {@code data}
 * exactly as sent. At most {@link HostAgentOptions#maxEventsInFlight()} events wait for Kafka's acknowledgement;
 * beyond that the agent stops asking its fleet for events and the VMs' bounded buffers drop by their overflow policy
 * (counted). The producer settings are {@link KafkaSettings#agentProducer}'s.
 */
public final class HostAgent {
    private static final Logger LOG = Loggers.getLogger(HostAgent.class);
    private static final Duration EXPIRY_PERIOD = Duration.ofSeconds(30);
    private static final QmpCodec RAW = QmpCodec.of(EventRegistry.empty());

    private final HostAgentOptions options;
    private final String host;
    private final KafkaTopics topics;
    private final QmpFleet fleet = QmpFleet.create();
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutedLog executed;
    private final OffsetTracker offsets = new OffsetTracker();
    private final EventForwarder forwarder = new EventForwarder();
    private final PollLoop requests;
    private volatile boolean stopping;
    private volatile @Nullable Throwable requestsFailure;
    private volatile boolean halted;
    private Instant nextExpiry = Instant.now().plus(EXPIRY_PERIOD);

    private final AtomicLong eventsPublished = new AtomicLong();
    private final AtomicLong eventsFailed = new AtomicLong();
    private final AtomicLong eventsInFlight = new AtomicLong();
    private final AtomicLong commandsExecuted = new AtomicLong();
    private final AtomicLong commandsNotExecuted = new AtomicLong();
    private final AtomicLong duplicatesSuppressed = new AtomicLong();

    private HostAgent(HostAgentOptions options) {
        this.options = options;
        this.host = options.host();
        this.topics = options.topics();
        Map<String, Object> admin = new HashMap<>(options.kafka());
        admin.put("bootstrap.servers", options.bootstrap());
        TopicSetup.ensure(admin, List.of(TopicSetup.topic(topics.events(), options.eventPartitions()),
                TopicSetup.topic(topics.replies(), 3), TopicSetup.topic(topics.requests(host), 1), TopicSetup.compacted(topics.executed())));
        this.executed = ExecutedLog.load(withOverrides(KafkaSettings.groupless(options.bootstrap(), "qmp-agent-" + host + "-executed", 500)),
                topics.executed(), host, options.executedRetention());
        this.producer = new KafkaProducer<>(withOverrides(KafkaSettings.agentProducer(options.bootstrap(), "qmp-agent-" + host)),
                new StringSerializer(), new ByteArraySerializer());
        this.requests = PollLoop.start("qmp-agent-requests-" + host,
                withOverrides(KafkaSettings.agentRequests(options.bootstrap(), "qmp-agent-" + host, "qmp-agent." + host)),
                this::subscribe, this::onRequests, this::requestConsumerFailed, () -> {});
        fleet.events().subscribe(forwarder);
    }

    /**
     * Creates the fleet's topics that are missing, reads this host's executed record and starts consuming requests;
     * completes with the running agent (the blocking start-up runs on a bounded-elastic thread).
     */
    public static Mono<HostAgent> start(HostAgentOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.fromCallable(() -> new HostAgent(options)).subscribeOn(Schedulers.boundedElastic());
    }

    private Map<String, Object> withOverrides(Map<String, Object> config) {
        config.putAll(options.kafka());
        return config;
    }

    /**
     * Adds a VM of this host (its remote id becomes {@code host/vmId}). Its events are not decoded here: whatever the
     * options say about event types, the agent's fleet uses an empty registry so that records carry QEMU's data as
     * sent.
     */
    public Mono<QmpClient> add(String vmId, QmpClientOptions vm) {
        return fleet.add(vmId, rawEvents(vm));
    }

    /** {@link #add(String, QmpClientOptions)} that reconnects by {@code reconnect}. */
    public Mono<QmpClient> add(String vmId, QmpClientOptions vm, ReconnectPolicy reconnect) {
        return fleet.add(vmId, rawEvents(vm), reconnect);
    }

    private static QmpClientOptions rawEvents(QmpClientOptions vm) {
        return vm.mutate().eventTypes(EventRegistry.empty()).build();
    }

    /** Removes a VM; requests for it are then refused as {@link QmpNotExecutedException.Reason#UNKNOWN_VM}. */
    public Mono<Void> remove(String vmId) {
        return fleet.remove(vmId);
    }

    /** The host's fleet (its events arrive as {@link RawEvent}s: the agent decodes none). */
    public QmpFleet fleet() {
        return fleet;
    }

    /** The host name this agent speaks for. */
    public String host() {
        return host;
    }

    /**
     * Why this agent no longer takes requests, or null while it does. Its request consumer stops on an error Kafka does
     * not recover from by itself (the group's member fenced for good, authorization revoked, a record handler that
     * failed); the agent then logs it at ERROR once, keeps publishing events, and answers no more requests (their
     * callers time out). Close it and start a new agent.
     *
     * <pre>{@code
     * if (agent.requestsFailure() != null) { agent.close().then(HostAgent.start(options)).subscribe(...); }
     * }</pre>
     */
    public @Nullable Throwable requestsFailure() {
        return requestsFailure;
    }

    private void requestConsumerFailed(Throwable e) {
        requestsFailure = e;
        LOG.error("host agent " + host + ": its request consumer failed, so it takes no more requests (close it and start a new"
                + " agent): " + e, e);
    }

    public HostAgentStats stats() {
        long dropped = 0;
        for (String id : fleet.vmIds()) {
            dropped += fleet.vm(id).stats().droppedEvents();
        }
        return new HostAgentStats(eventsPublished.get(), eventsFailed.get(), dropped, eventsInFlight.get(), commandsExecuted.get(),
                commandsNotExecuted.get(), duplicatesSuppressed.get());
    }

    /**
     * Stops taking requests (committing what was answered), closes the fleet, waits for the events in flight to be
     * acknowledged (up to 10 s) and closes the producer.
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            stopping = true;
            requests.execute(consumer -> consumer.commitSync(offsets.committable()));
            requests.close();
            return requests.stopped()
                    .then(fleet.close())
                    .then(Mono.fromRunnable(() -> {
                        forwarder.dispose();
                        producer.close(Duration.ofSeconds(10));
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .then();
        });
    }

    /**
     * Stops at once as a killed process would: no reply for the commands in progress, no commit, nothing flushed.
     * For fault tests.
     */
    void halt() {
        halted = true;
        stopping = true;
        requests.close();
        producer.close(Duration.ZERO);
        forwarder.dispose();
        fleet.dispose();
        requests.stopped().block(Duration.ofSeconds(10));
    }

    private void subscribe(KafkaConsumer<String, byte[]> consumer) {
        consumer.subscribe(List.of(topics.requests(host)), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!halted) {
                    consumer.commitSync(offsets.committable());
                }
                offsets.revoke(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
    }

    private void onRequests(ConsumerRecords<String, byte[]> records, KafkaConsumer<String, byte[]> consumer) {
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            offsets.begin(tp, r.offset());
            handle(r, () -> offsets.finish(tp, r.offset()));
        }
        var commit = offsets.committable();
        if (!commit.isEmpty() && !halted) {
            consumer.commitAsync(commit, null);
        }
        Instant now = Instant.now();
        if (now.isAfter(nextExpiry)) {
            nextExpiry = now.plus(EXPIRY_PERIOD);
            for (String id : executed.expire(now)) {
                producer.send(new ProducerRecord<>(topics.executed(), executed.key(id), null));
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, Runnable done) {
        CommandRequest request;
        try {
            request = CommandRequest.fromJson(record.value(), record.topic() + "@" + record.partition() + ":" + record.offset());
        } catch (RuntimeException e) {
            done.run();   // a malformed request cannot be answered: it names no one to answer
            return;
        }
        if (!request.host().equals(host)) {
            done.run();
            return;
        }
        ExecutedLog.Entry prior = executed.get(request.id());
        if (prior != null) {
            duplicatesSuppressed.incrementAndGet();
            byte[] reply = prior.reply() != null ? prior.reply()
                    : CommandReply.outcomeUnknown(request, "request " + request.id() + " ('" + request.command() + "' for "
                            + RemoteVmId.of(host, request.vmId()) + ") was begun by an earlier run of the agent of host '" + host
                            + "', which stopped before answering; it is not executed again").toJson();
            sendReply(request, reply, done);
            return;
        }
        Instant now = Instant.now();
        if (!now.isBefore(request.deadline())) {
            refuse(request, QmpNotExecutedException.Reason.DEADLINE_PASSED, "its deadline " + request.deadline() + " had passed "
                    + Duration.between(request.deadline(), now).toMillis() + " ms before the agent of host '" + host + "' read it", false, done);
            return;
        }
        if (stopping) {
            refuse(request, QmpNotExecutedException.Reason.AGENT_STOPPING, "the agent of host '" + host + "' is stopping", true, done);
            return;
        }
        if (!fleet.vmIds().contains(request.vmId())) {
            refuse(request, QmpNotExecutedException.Reason.UNKNOWN_VM, "host '" + host + "' has no VM '" + request.vmId() + "' (it has "
                    + fleet.vmIds().size() + " VMs)", true, done);
            return;
        }
        QmpClient vm = fleet.vm(request.vmId());
        if (vm.state() != ConnectionState.READY) {
            refuse(request, QmpNotExecutedException.Reason.VM_NOT_CONNECTED, "VM '" + RemoteVmId.of(host, request.vmId())
                    + "' is " + vm.state().name().toLowerCase() + ", not connected", true, done);
            return;
        }
        executed.claim(request.id(), request.deadline());
        producer.send(new ProducerRecord<>(topics.executed(), executed.key(request.id()), ExecutedLog.encode(request.deadline(), null)),
                (metadata, error) -> {
                    if (halted) {
                        return;
                    }
                    if (error != null) {
                        refuse(request, QmpNotExecutedException.Reason.NOT_RECORDED, "the agent of host '" + host
                                + "' could not record it as begun: " + error.getMessage(), true, done);
                    } else {
                        execute(request, vm, done);
                    }
                });
    }

    private void execute(CommandRequest request, QmpClient vm, Runnable done) {
        Duration left = Duration.between(Instant.now(), request.deadline());
        if (left.isNegative() || left.isZero()) {
            refuse(request, QmpNotExecutedException.Reason.DEADLINE_PASSED, "its deadline " + request.deadline()
                    + " passed while the agent of host '" + host + "' recorded it", true, done);
            return;
        }
        commandsExecuted.incrementAndGet();
        vm.executeRaw(request.command(), request.arguments(), left)
                .map(value -> CommandReply.returned(request, value))
                .defaultIfEmpty(CommandReply.returned(request, QapiJson.TREE_MAPPER.createObjectNode()))
                .onErrorResume(e -> Mono.just(failure(request, e)))
                .subscribe(reply -> answer(request, reply, done));
    }

    private CommandReply failure(CommandRequest request, Throwable e) {
        if (e instanceof QmpCommandException c) {
            return CommandReply.failed(request, c.errorClass(), c.description());
        }
        if (e instanceof QmpTimeoutException) {
            return CommandReply.outcomeUnknown(request, "QEMU did not answer '" + request.command() + "' on "
                    + RemoteVmId.of(host, request.vmId()) + " before the request's deadline");
        }
        return CommandReply.outcomeUnknown(request, "'" + request.command() + "' was sent to " + RemoteVmId.of(host, request.vmId())
                + " but no answer came: " + e.getMessage());
    }

    private void refuse(CommandRequest request, QmpNotExecutedException.Reason reason, String detail, boolean record, Runnable done) {
        commandsNotExecuted.incrementAndGet();
        CommandReply reply = CommandReply.notExecuted(request, reason, "'" + request.command() + "' for "
                + RemoteVmId.of(request.host(), request.vmId()) + " was not executed: " + detail);
        if (record) {
            // A later redelivery must get the same answer, not an execution the caller was told would not happen.
            answer(request, reply, done);
        } else {
            sendReply(request, reply.toJson(), done);
        }
    }

    private void answer(CommandRequest request, CommandReply reply, Runnable done) {
        if (halted) {
            return;
        }
        byte[] bytes = reply.toJson();
        executed.answered(request.id(), request.deadline(), bytes);
        producer.send(new ProducerRecord<>(topics.executed(), executed.key(request.id()), ExecutedLog.encode(request.deadline(), bytes)));
        sendReply(request, bytes, done);
    }

    private void sendReply(CommandRequest request, byte[] reply, Runnable done) {
        if (halted) {
            return;
        }
        producer.send(new ProducerRecord<>(topics.replies(), request.replyTo(), reply), (metadata, error) -> {
            if (error == null) {
                done.run();   // else: not committed, so a restarted agent answers it again from the executed record
            }
        });
    }

    /** Forwards fleet events to Kafka, asking the fleet for one more event per acknowledged (or failed) send. */
    private final class EventForwarder extends BaseSubscriber<VmEvent<QmpEvent>> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(options.maxEventsInFlight());
        }

        @Override
        protected void hookOnNext(VmEvent<QmpEvent> value) {
            QmpEvent event = value.event();
            EventRecord record = new EventRecord(host, value.vmId(), event.eventName(), event.rawTimestamp(), data(event));
            eventsInFlight.incrementAndGet();
            try {
                producer.send(new ProducerRecord<>(topics.events(), record.remoteVmId(), record.toJson()), (metadata, error) -> {
                    eventsInFlight.decrementAndGet();
                    (error == null ? eventsPublished : eventsFailed).incrementAndGet();
                    request(1);
                });
            } catch (RuntimeException e) {
                eventsInFlight.decrementAndGet();
                eventsFailed.incrementAndGet();
                if (!halted && !stopping) {
                    request(1);
                }
            }
        }

        private @Nullable JsonNode data(QmpEvent event) {
            if (event instanceof RawEvent raw) {
                return raw.data();
            }
            // Only when a caller added typed events to the fleet themselves: re-encode the decoded data.
            return WireJson.object(RAW.encodeEvent(event), "event", event.eventName()).get("data");
        }
    }
}
