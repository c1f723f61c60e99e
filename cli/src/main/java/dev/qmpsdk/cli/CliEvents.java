package dev.qmpsdk.cli;

import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.reactive.VmEvent;
import dev.qmpsdk.reactive.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code qmp events}: one merged, timestamped, per-VM event stream from many monitors on one event loop. */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the events of one or more VMs as one merged, timestamped stream.",
                "One line per event: 2026-11-22T19:00:00.123456Z vm=web-1 STOP {...data}",
                "Without --follow it listens for --duration (or until --count events), then exits 0."},
        footer = {"", "Examples:",
                "  qmp events --socket web-1=/run/web-1.qmp --socket web-2=/run/web-2.qmp --filter STOP,RESUME --follow",
                "  qmp events --tcp localhost:4444 --count 1 --json"})
final class CliEvents implements Callable<Integer> {
    @ParentCommand Cli cli;

    @Option(names = "--socket", paramLabel = "[ID=]PATH", description = "a monitor's Unix socket; repeat for more VMs (ID names the VM, default the path)")
    List<String> sockets = new ArrayList<>();

    @Option(names = "--tcp", paramLabel = "[ID=]HOST:PORT", description = "a monitor's TCP address; repeatable")
    List<String> tcps = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "EVENT", split = ",", description = "only these events (wire names, e.g. SHUTDOWN,STOP)")
    List<String> filter = new ArrayList<>();

    @Option(names = "--follow", description = "keep listening until --count events, every VM has disconnected, or Ctrl-C")
    boolean follow;

    @Option(names = "--count", paramLabel = "N", description = "stop after N events")
    @Nullable Integer count;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "2s", converter = CliSupport.DurationConverter.class,
            description = "how long to listen without --follow (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--json", description = "one JSON object per line: {\"timestamp\", \"vm\", \"event\", \"data\"}")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = CliSupport.DurationConverter.class,
            description = "deadline for connecting to each monitor (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        List<CliTarget> targets = new ArrayList<>();
        sockets.forEach(s -> targets.add(CliTarget.socket(s)));
        tcps.forEach(s -> targets.add(CliTarget.tcp(s)));
        if (targets.isEmpty()) {
            throw CliException.usage("give at least one monitor: --socket [ID=]PATH or --tcp [ID=]HOST:PORT (repeatable)");
        }
        Set<String> ids = new HashSet<>();
        for (CliTarget t : targets) {
            if (!ids.add(t.id())) {
                throw CliException.usage("two monitors are named '" + t.id() + "': name them with ID=PATH");
            }
        }
        if (count != null && count < 1) {
            throw CliException.usage("--count must be at least 1");
        }
        Set<String> wanted = new HashSet<>();
        filter.forEach(f -> wanted.add(f.trim().toUpperCase(Locale.ROOT)));

        QmpFleet fleet = QmpFleet.create();
        try {
            // Subscribed before the VMs are added: the fleet replays its members, so no VM's first events are missed.
            Flux<VmEvent<QmpEvent>> events = fleet.events()
                    .filter(e -> wanted.isEmpty() || wanted.contains(e.event().eventName()));
            if (count != null) {
                events = events.take(count);
            }
            Mono<Void> printed = events.doOnNext(this::print).then().cache();
            printed.subscribe(v -> { }, e -> { });
            for (CliTarget t : targets) {
                t.addTo(fleet, timeout);
            }
            Mono<Void> end = follow ? allDisconnected(fleet, targets.size()) : Mono.delay(duration).then();
            Mono.firstWithSignal(printed, end).onErrorResume(e -> Mono.empty()).block();
            return CliException.OK;
        } finally {
            fleet.dispose();
            cli.out.flush();
        }
    }

    private void print(VmEvent<QmpEvent> e) {
        String line = json ? CliSupport.eventJson(e.vmId(), e.event()) : CliSupport.eventLine(e.vmId(), e.event());
        synchronized (cli.out) {
            cli.out.println(line);
        }
    }

    private static Mono<Void> allDisconnected(QmpFleet fleet, int vms) {
        return fleet.states().filter(s -> s.state().isTerminal()).map(VmState::vmId).distinct().take(vms).then();
    }
}
