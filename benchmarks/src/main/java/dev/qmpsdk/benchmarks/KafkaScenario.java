package dev.qmpsdk.benchmarks;

import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.kafka.HostAgent;
import dev.qmpsdk.kafka.HostAgentOptions;
import dev.qmpsdk.kafka.KafkaTopics;
import dev.qmpsdk.kafka.RemoteFleet;
import dev.qmpsdk.kafka.RemoteFleetOptions;
import dev.qmpsdk.kafka.testing.InProcessKafka;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scenario 7: a fleet over Kafka (two host agents, one simulated VM each, an in-process KRaft broker on this machine)
 * against the same work on a local {@link QmpFleet} in the same run: events per second end to end (a QMP event flood →
 * agent → Kafka → a controller subscriber; locally: → a fleet subscriber) and commands per second with p50/p99
 * ({@code query-status}, one at a time and 16 in flight). Broker, agents, controller and VMs share the machine's cores,
 * so this measures the SDK's path, not a network.
 */
public final class KafkaScenario {
    private static final int HOSTS = 2;
    private static final int WINDOW = 16;

    /** One side's numbers. */
    public record Side(String where, double eventsPerSecond, long eventsDelivered, double sequentialPerSecond, double sequentialP50,
                       double sequentialP99, double windowedPerSecond, double windowedP50, double windowedP99) {
        @Override
        public String toString() {
            return BenchmarkMain.fmt("  %-6s events %,9.0f/s (%,d)  commands 1 in flight %,7.0f/s p50 %,8.0f µs p99 %,8.0f µs"
                            + "  %d in flight %,7.0f/s p50 %,8.0f µs p99 %,8.0f µs",
                    where, eventsPerSecond, eventsDelivered, sequentialPerSecond, sequentialP50, sequentialP99, WINDOW, windowedPerSecond,
                    windowedP50, windowedP99);
        }
    }

    private KafkaScenario() {}

    /** Floods {@code eventsPerVm} events from each VM and measures commands for {@code measure} per window and side. */
    public static List<Side> run(int eventsPerVm, Duration measure) throws InterruptedException {
        List<Side> sides = new ArrayList<>();
        try (InProcessKafka kafka = InProcessKafka.start()) {
            sides.add(local(eventsPerVm, measure));
            sides.add(remote(kafka.bootstrap(), eventsPerVm, measure));
        }
        return sides;
    }

    private static QmpClientOptions vmOptions(SimulatedVm vm, int eventsPerVm) {
        // A buffer that holds the whole flood: this measures throughput, not the overflow policy.
        return QmpClientOptions.unix(vm.socketPath()).eventBufferSize(Math.max(1024, eventsPerVm)).build();
    }

    private static Side local(int eventsPerVm, Duration measure) throws InterruptedException {
        List<SimulatedVm> vms = startVms();
        QmpFleet fleet = QmpFleet.create();
        try {
            for (int i = 0; i < vms.size(); i++) {
                fleet.add("vm-" + i, vmOptions(vms.get(i), eventsPerVm)).block(Duration.ofSeconds(30));
            }
            AtomicLong seen = new AtomicLong();
            Disposable counting = fleet.events().filter(e -> e.event().eventName().equals("FLOOD")).subscribe(e -> seen.incrementAndGet());
            double[] events = flood(vms, eventsPerVm, seen);
            counting.dispose();
            List<String> ids = List.copyOf(fleet.vmIds());
            double[] one = commands(measure, 1, i -> fleet.vm(ids.get(i % ids.size())).queryStatus());
            double[] many = commands(measure, WINDOW, i -> fleet.vm(ids.get(i % ids.size())).queryStatus());
            return new Side("local", events[0], (long) events[1], one[0], one[1], one[2], many[0], many[1], many[2]);
        } finally {
            fleet.close().block(Duration.ofSeconds(30));
            vms.forEach(SimulatedVm::close);
        }
    }

    private static Side remote(String bootstrap, int eventsPerVm, Duration measure) throws InterruptedException {
        List<SimulatedVm> vms = startVms();
        KafkaTopics topics = KafkaTopics.withPrefix("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        List<HostAgent> agents = new ArrayList<>();
        RemoteFleet remote = null;
        try {
            List<String> ids = new ArrayList<>();
            for (int h = 0; h < HOSTS; h++) {
                HostAgent agent = HostAgent.start(HostAgentOptions.builder(bootstrap, "host-" + h).topics(topics).build())
                        .block(Duration.ofSeconds(60));
                agents.add(agent);
                agent.add("vm-0", vmOptions(vms.get(h), eventsPerVm)).block(Duration.ofSeconds(30));
                ids.add("host-" + h + "/vm-0");
            }
            RemoteFleet fleet = RemoteFleet.connect(RemoteFleetOptions.builder(bootstrap).topics(topics).build()).block(Duration.ofSeconds(60));
            remote = fleet;
            AtomicLong seen = new AtomicLong();
            Disposable counting = fleet.replayEvents().filter(e -> e.event().eventName().equals("FLOOD"))
                    .subscribe(e -> seen.incrementAndGet());
            double[] events = flood(vms, eventsPerVm, seen);
            counting.dispose();
            long dropped = agents.stream().mapToLong(a -> a.stats().eventsDropped() + a.stats().eventsFailed()).sum();
            if (dropped != 0) {
                throw new IllegalStateException("the agents dropped or failed " + dropped + " events: " + agents.get(0).stats());
            }
            double[] one = commands(measure, 1, i -> fleet.vm(ids.get(i % ids.size())).queryStatus());
            double[] many = commands(measure, WINDOW, i -> fleet.vm(ids.get(i % ids.size())).queryStatus());
            return new Side("kafka", events[0], (long) events[1], one[0], one[1], one[2], many[0], many[1], many[2]);
        } finally {
            if (remote != null) {
                remote.close().block(Duration.ofSeconds(30));
            }
            agents.forEach(a -> a.close().block(Duration.ofSeconds(30)));
            vms.forEach(SimulatedVm::close);
        }
    }

    private static List<SimulatedVm> startVms() {
        List<SimulatedVm> vms = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            vms.add(SimulatedVm.start("bench-" + i));
        }
        return vms;
    }

    /** Floods every VM at once; {events per second until the subscriber saw them all, events seen}. */
    private static double[] flood(List<SimulatedVm> vms, int eventsPerVm, AtomicLong seen) throws InterruptedException {
        long expected = (long) eventsPerVm * vms.size();
        long t0 = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (SimulatedVm vm : vms) {
            Thread t = new Thread(() -> vm.server().floodEvents(eventsPerVm, "FLOOD"), "flood-" + vm.name());
            t.start();
            writers.add(t);
        }
        for (Thread t : writers) {
            t.join();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (seen.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the subscriber saw " + seen.get() + " of " + expected + " events within 120 s");
            }
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[] {expected / seconds, seen.get()};
    }

    /** {commands per second, p50 µs, p99 µs} of {@code window} commands kept in flight for {@code measure}. */
    private static double[] commands(Duration measure, int window, Function<Integer, Mono<StatusInfo>> command) {
        Latencies latencies = new Latencies(1_000_000);
        long end = System.nanoTime() + measure.toNanos();
        long t0 = System.nanoTime();
        AtomicLong counter = new AtomicLong();
        long done = Flux.range(0, window)
                .flatMap(lane -> Flux.defer(() -> {
                            long start = System.nanoTime();
                            return command.apply((int) counter.getAndIncrement()).doOnNext(s -> latencies.record(System.nanoTime() - start));
                        })
                        .repeat(() -> System.nanoTime() < end), window)
                .count()
                .block(measure.plusSeconds(60));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (done == 0) {
            throw new IllegalStateException("no command answered in " + measure);
        }
        return new double[] {done / seconds, latencies.quantileMicros(0.50), latencies.quantileMicros(0.99)};
    }
}
