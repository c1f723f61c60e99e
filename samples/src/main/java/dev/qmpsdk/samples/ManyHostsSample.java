package dev.qmpsdk.samples;

import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.kafka.HostAgent;
import dev.qmpsdk.kafka.HostAgentOptions;
import dev.qmpsdk.kafka.KafkaTopics;
import dev.qmpsdk.kafka.QmpNotExecutedException;
import dev.qmpsdk.kafka.RemoteFleet;
import dev.qmpsdk.kafka.RemoteFleetOptions;
import dev.qmpsdk.kafka.testing.InProcessKafka;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.VmEvent;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The "Many hosts" sample: host agents, each with simulated VMs, and a controller that drives them all through Kafka
 * (an in-process KRaft broker, or the cluster at {@code --bootstrap}). Every agent and the controller run in this one
 * JVM here; in production each host runs its agent and the controller runs anywhere.
 */
final class ManyHostsSample {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ManyHostsSample() {}

    static int run(@Nullable String bootstrap, int hosts, int vmsPerHost, PrintStream out) {
        InProcessKafka broker = null;
        if (bootstrap == null) {
            out.println("starting an in-process Kafka broker (KRaft)...");
            broker = InProcessKafka.start();
            bootstrap = broker.bootstrap();
        }
        out.println("Kafka at " + bootstrap);
        // Fresh topic names per run, so a shared cluster's history does not mix in.
        KafkaTopics topics = KafkaTopics.withPrefix("qmp-sample-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        List<SimulatedVm> vms = new ArrayList<>();
        List<HostAgent> agents = new ArrayList<>();
        RemoteFleet remote = null;
        Disposable watching = null;
        try {
            for (int h = 1; h <= hosts; h++) {
                HostAgent agent = HostAgent.start(HostAgentOptions.builder(bootstrap, "host-" + h).topics(topics).build()).block(WAIT);
                agents.add(agent);
                for (int v = 1; v <= vmsPerHost; v++) {
                    SimulatedVm vm = SimulatedVm.start("host-" + h + "/vm-" + v);
                    vms.add(vm);
                    agent.add("vm-" + v, QmpClientOptions.unix(vm.socketPath()).build()).block(WAIT);
                }
                out.println("agent of host-" + h + ": " + vmsPerHost + " simulated VMs");
            }
            remote = RemoteFleet.connect(RemoteFleetOptions.builder(bootstrap).topics(topics).commandTimeout(Duration.ofSeconds(10))
                    .build()).block(WAIT);
            Instant start = Instant.now();
            List<VmEvent<QmpEvent>> events = new CopyOnWriteArrayList<>();
            watching = remote.replayEvents()
                    .filter(e -> !e.event().timestamp().isBefore(start))
                    .subscribe(e -> {
                        events.add(e);
                        out.println("  event  " + e.vmId() + " " + e.event().eventName());
                    });
            for (int h = 1; h <= hosts; h++) {
                for (int v = 1; v <= vmsPerHost; v++) {
                    String id = "host-" + h + "/vm-" + v;
                    out.println("  " + id + " is " + remote.vm(id).queryStatus().block(WAIT).status());
                }
            }
            String target = "host-" + hosts + "/vm-1";
            out.println("stop and cont " + target + " through Kafka");
            remote.vm(target).stop().then(remote.vm(target).cont()).block(WAIT);
            try {
                remote.vm("host-1/vm-99").queryStatus().block(WAIT);
            } catch (QmpNotExecutedException e) {
                out.println("  host-1/vm-99: " + e.reason() + " (" + e.getMessage() + ")");
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.stream().noneMatch(e -> e.event().eventName().equals("RESUME")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            for (HostAgent agent : agents) {
                out.println("agent of " + agent.host() + ": " + agent.stats());
            }
            return events.size() >= 2 ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (watching != null) {
                watching.dispose();
            }
            if (remote != null) {
                remote.close().block(WAIT);
            }
            agents.forEach(a -> a.close().block(WAIT));
            vms.forEach(SimulatedVm::close);
            if (broker != null) {
                broker.close();
            }
        }
    }
}
