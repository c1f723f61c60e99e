package dev.qmpsdk.samples;

import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.QemuProcess;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The README's main job: starts N VMs (real QEMU {@code -machine none} when installed, otherwise simulated
 * VMs), connects to all of them over ONE event-loop thread, drives them (stop/cont/reset at random), prints
 * a table of each VM's state, commands per second and events seen, then shuts everything down.
 */
public final class LiveDemo {
    private LiveDemo() {}

    /** Runs the demo ({@code qmp demo} parses the options); returns the process exit code. */
    static int run(int vms, int seconds, boolean simulated, PrintStream out, PrintStream err) {
        try {
            new Session(vms, seconds, simulated, out).run();
            return 0;
        } catch (QmpException | IllegalStateException e) {
            err.println("demo failed: " + e.getMessage());
            return 1;
        }
    }

    /** One demo run: the VMs, the fleet and the counters. */
    private static final class Session {
        private final int count;
        private final int seconds;
        private final boolean simulated;
        private final PrintStream out;
        private final List<AutoCloseable> vms = new ArrayList<>();
        private final Map<String, AtomicLong> commands = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> events = new ConcurrentHashMap<>();
        private final Map<String, String> lastEvent = new ConcurrentHashMap<>();

        Session(int count, int seconds, boolean simulated, PrintStream out) {
            this.count = count;
            this.seconds = seconds;
            this.simulated = simulated;
            this.out = out;
        }

        void run() {
            out.printf("Starting %d %s ...%n", count, !simulated ? "QEMU VMs (qemu-system-x86_64 -machine none)"
                    : QemuProcess.binary().isEmpty() ? "simulated VMs (qemu-system-x86_64 is not installed)" : "simulated VMs");
            QmpFleet fleet = QmpFleet.create();
            Disposable watch = null;
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    String id = "vm-" + i;
                    ids.add(id);
                    commands.put(id, new AtomicLong());
                    events.put(id, new AtomicLong());
                    lastEvent.put(id, "-");
                    fleet.add(id, QmpClientOptions.unix(startVm(id)).build()).block(Duration.ofSeconds(20));
                }
                QmpClient first = fleet.vm(ids.get(0));
                out.printf("Connected to %d monitors on one event-loop thread; server says QEMU %s%n%n", count,
                        first.greeting() == null ? "?" : first.greeting().version());
                watch = fleet.events().subscribe(e -> {
                    events.get(e.vmId()).incrementAndGet();
                    lastEvent.put(e.vmId(), e.event().eventName());
                });
                drive(fleet, ids);
                out.println();
                out.println("Shutting down: quit on every VM (each answers SHUTDOWN, then closes) ...");
                Flux.fromIterable(ids).flatMap(id -> fleet.vm(id).quit()).blockLast(Duration.ofSeconds(20));
                out.printf("Done: %d commands, %d events.%n", total(commands), total(events));
            } finally {
                if (watch != null) {
                    watch.dispose();
                }
                fleet.close().block(Duration.ofSeconds(20));   // every connection closed, its events delivered
                for (AutoCloseable vm : vms) {
                    try {
                        vm.close();
                    } catch (Exception ignored) {
                        // The demo is ending; a VM that will not close is killed by its own close().
                    }
                }
            }
        }

        private Path startVm(String id) {
            if (simulated) {
                SimulatedVm vm = SimulatedVm.start(id);
                vms.add(vm);
                return vm.socketPath();
            }
            QemuProcess qemu = QemuProcess.builder().extraArgs("-name", id).start();
            vms.add(qemu);
            return qemu.socketPath();
        }

        private void drive(QmpFleet fleet, List<String> ids) {
            Random random = new Random(42);
            out.printf("%-6s %-9s %9s %8s  %s%n", "VM", "status", "cmds/s", "events", "last event");
            long previous = 0;
            for (int second = 1; second <= seconds; second++) {
                long until = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < until) {
                    Flux.fromIterable(ids).flatMap(id -> round(fleet, id, random.nextInt(10))).blockLast(Duration.ofSeconds(10));
                }
                long now = total(commands);
                for (String id : ids) {
                    StatusInfo s = fleet.vm(id).queryStatus().block(Duration.ofSeconds(5));
                    out.printf("%-6s %-9s %9d %8d  %s%n", id, s.status().wireName(), (now - previous) / ids.size(), events.get(id).get(),
                            lastEvent.get(id));
                }
                out.printf("-- second %d: %d commands/s over %d VMs --%n", second, now - previous, ids.size());
                previous = now;
            }
        }

        /** One burst of commands on one VM: mostly status queries, sometimes a state change. */
        private Mono<Void> round(QmpFleet fleet, String id, int dice) {
            QmpClient c = fleet.vm(id);
            Mono<?> change = switch (dice) {
                case 0 -> c.stop();
                case 1 -> c.cont();
                case 2 -> c.systemReset();
                default -> Mono.empty();
            };
            return change.then(Flux.range(0, 20).flatMap(i -> c.queryStatus()).then())
                    .doOnSuccess(v -> commands.get(id).addAndGet(dice <= 2 ? 21 : 20));
        }

        private static long total(Map<String, AtomicLong> counters) {
            return counters.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }
}
