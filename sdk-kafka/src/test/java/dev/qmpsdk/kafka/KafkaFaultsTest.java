package dev.qmpsdk.kafka;

import static dev.qmpsdk.kafka.RemoteFleetTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.kafka.internal.PausingRecordFlux;
import dev.qmpsdk.kafka.internal.PollLoop;
import dev.qmpsdk.kafka.testing.InProcessKafka;
import dev.qmpsdk.reactive.OverflowPolicy;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.Reply;
import dev.qmpsdk.testkit.SimulatedVm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

/**
 * The faults a fleet over Kafka must survive, on a real in-process broker: the broker restarting during an event flood,
 * an agent killed in the middle of a command, a controller that reads events slowly.
 */
class KafkaFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static InProcessKafka broker;

    @BeforeAll
    static void start() {
        broker = InProcessKafka.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aFailingRecordHandlerStopsThePollLoopAndReportsWhy() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        PollLoop loop = PollLoop.start("failing-handler",
                KafkaSettings.groupless(broker.bootstrap(), "failing-handler", 10),
                consumer -> consumer.assign(List.of(new TopicPartition("failing-handler", 0))),   // polled, so the handler runs
                (records, consumer) -> { throw new IllegalStateException("handler broke"); },
                failure::set, stopped::countDown);
        try {
            awaitTrue(() -> stopped.getCount() == 0);
            assertEquals("handler broke", failure.get().getMessage());
        } finally {
            loop.close();
        }
    }

    @Test
    void aBrokerRestartDuringAFloodLosesNoEventThatKafkaAcknowledged() throws Exception {
        KafkaTopics topics = KafkaTopics.withPrefix("flood.");
        int total = 3000;
        int maxInFlight = 100;
        try (SimulatedVm vm = SimulatedVm.start("flooder")) {
            HostAgent agent = HostAgent.start(HostAgentOptions.builder(broker.bootstrap(), "flood-host").topics(topics)
                    .maxEventsInFlight(maxInFlight).build()).block(WAIT);
            RemoteFleet remote = RemoteFleet.connect(RemoteFleetOptions.builder(broker.bootstrap()).topics(topics).build()).block(WAIT);
            try {
                agent.add("vm-1", QmpClientOptions.unix(vm.socketPath()).eventBufferSize(500)
                        .eventOverflowPolicy(OverflowPolicy.DROP_OLDEST).build()).block(WAIT);
                List<Long> received = new CopyOnWriteArrayList<>();
                Disposable reading = remote.replayEvents().filter(e -> e.event().eventName().equals("FLOOD"))
                        .subscribe(e -> received.add(((RawEvent) e.event()).data().path("seq").asLong()));
                AtomicLong maxSeenInFlight = new AtomicLong();
                Thread flood = new Thread(() -> {
                    for (int i = 0; i < total; i++) {
                        vm.server().sendEvent("FLOOD", "{\"seq\": " + i + "}");
                        maxSeenInFlight.accumulateAndGet(agent.stats().eventsInFlight(), Math::max);
                        if (i % 50 == 49) {
                            sleep(25);   // spread the flood over the restart
                        }
                    }
                }, "flood");
                flood.start();
                awaitTrue(() -> agent.stats().eventsPublished() >= 300);
                broker.stopBroker();
                sleep(1500);
                broker.startBroker();
                flood.join(WAIT.toMillis());

                awaitTrue(() -> {
                    HostAgentStats s = agent.stats();
                    return s.eventsInFlight() == 0 && s.eventsPublished() + s.eventsFailed() + s.eventsDropped() == total;
                });
                HostAgentStats s = agent.stats();
                System.out.println("flood of " + total + " events across a broker restart: " + s);
                assertEquals(0, s.eventsFailed(), "the broker came back within delivery.timeout.ms: " + s);
                awaitTrue(() -> received.size() >= s.eventsPublished());
                sleep(500);
                reading.dispose();

                Set<Long> distinct = new HashSet<>(received);
                assertEquals(received.size(), distinct.size(), "no event published twice (idempotent producer)");
                assertEquals(s.eventsPublished(), received.size(), "every acknowledged event reached the controller: " + s);
                assertTrue(distinct.stream().allMatch(seq -> seq >= 0 && seq < total));
                assertTrue(maxSeenInFlight.get() <= maxInFlight, "events in flight bounded by " + maxInFlight + ", saw " + maxSeenInFlight);
            } finally {
                remote.close().block(WAIT);
                agent.close().block(WAIT);
            }
        }
    }

    @Test
    void anAgentKilledMidCommandNeverExecutesItAgainAfterRestart() {
        KafkaTopics topics = KafkaTopics.withPrefix("crash.");
        try (SimulatedVm vm = SimulatedVm.start("hanging")) {
            vm.server().on("stop", Reply.never());   // QEMU takes the command and never answers
            HostAgentOptions options = HostAgentOptions.builder(broker.bootstrap(), "crash-host").topics(topics).build();
            HostAgent first = HostAgent.start(options).block(WAIT);
            first.add("vm-1", QmpClientOptions.unix(vm.socketPath()).build()).block(WAIT);
            RemoteFleet remote = RemoteFleet.connect(RemoteFleetOptions.builder(broker.bootstrap()).topics(topics).build()).block(WAIT);
            HostAgent second = null;
            try {
                Mono<Void> stop = remote.vm("crash-host/vm-1").stop().cache();
                stop.subscribe(v -> {}, e -> {});
                vm.server().awaitRequest("stop", WAIT);
                first.halt();

                second = HostAgent.start(options).block(WAIT);
                second.add("vm-1", QmpClientOptions.unix(vm.socketPath()).build()).block(WAIT);
                HostAgent restarted = second;
                awaitTrue(() -> restarted.stats().duplicatesSuppressed() == 1);

                QmpOutcomeUnknownException e = assertThrows(QmpOutcomeUnknownException.class, () -> stop.block(WAIT));
                assertTrue(e.getMessage().contains("is not executed again"), e.getMessage());
                assertEquals(1, vm.server().received().stream().filter(r -> r.command().equals("stop")).count(),
                        "QEMU got 'stop' once, though Kafka delivered the request to both runs of the agent");
                assertEquals(0, restarted.stats().commandsExecuted());
            } finally {
                remote.close().block(WAIT);
                if (second != null) {
                    second.close().block(WAIT);
                }
            }
        }
    }

    @Test
    void aSlowSubscriberPausesItsConsumerInsteadOfBuffering() {
        String topic = "slow-reader";
        int total = 3000;
        int capacity = 64;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.agentProducer(broker.bootstrap(), "slow-writer"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                producer.send(new ProducerRecord<>(topic, "k", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        AtomicInteger pulledFromKafka = new AtomicInteger();
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        Map<String, Object> config = KafkaSettings.groupless(broker.bootstrap(), "slow-reader", capacity / 2);
        PausingRecordFlux<Integer> flux = new PausingRecordFlux<>(config, topic, true, capacity, r -> {
            pulledFromKafka.incrementAndGet();
            return Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
        });
        BaseSubscriber<Integer> slow = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(10);
            }

            @Override
            protected void hookOnNext(Integer value) {
                delivered.add(value);
            }
        };
        flux.subscribe(slow);
        try {
            awaitTrue(() -> delivered.size() == 10);
            sleep(2000);   // the poll thread keeps polling meanwhile: paused partitions return nothing
            assertTrue(pulledFromKafka.get() <= capacity + 10, "read " + pulledFromKafka.get() + " records for a subscriber that asked for 10"
                    + " with a buffer of " + capacity);

            slow.request(Long.MAX_VALUE);
            awaitTrue(() -> delivered.size() == total);
            for (int i = 0; i < total; i++) {
                assertEquals(i, delivered.get(i), "in order, none lost after resuming");
            }
        } finally {
            slow.dispose();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
