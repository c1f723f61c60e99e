package dev.qmpsdk.reactive.observe;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.OverflowPolicy;
import dev.qmpsdk.reactive.QmpFleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * QMP metrics in a Micrometer {@link MeterRegistry} (needs {@code io.micrometer:micrometer-core}, an optional dependency
 * of the SDK). One instance serves any number of connections; add it to their {@link QmpObservability}.
 *
 * <table>
 *   <caption>Meters (tags; {@code vm} only with {@link #withVmIdTag()} unless marked always)</caption>
 *   <tr><td>{@code qmp.command.duration} (timer)</td><td>{@code command}, {@code outcome} ({@link CommandOutcome#tag()}),
 *       {@code error.class} (the server's class, {@code none}), {@code vm}</td></tr>
 *   <tr><td>{@code qmp.commands.in.flight} (gauge)</td><td>{@code vm}</td></tr>
 *   <tr><td>{@code qmp.events.received} (counter)</td><td>{@code event}, {@code vm}</td></tr>
 *   <tr><td>{@code qmp.events.dropped} (counter)</td><td>{@code vm} (always), {@code policy}</td></tr>
 *   <tr><td>{@code qmp.frames.skipped} (counter)</td><td>{@code reason} ({@code garbage}, {@code broken}, {@code malformed}), {@code vm}</td></tr>
 *   <tr><td>{@code qmp.connection.states} (counter)</td><td>{@code state} (lower case), {@code vm}</td></tr>
 *   <tr><td>{@code qmp.reconnects} (counter)</td><td>{@code vm}</td></tr>
 *   <tr><td>{@code qmp.deprecated.uses} (counter)</td><td>{@code command}, {@code member} ({@code none} for the command)</td></tr>
 *   <tr><td>{@code qmp.fleet.vms} (gauge, {@link #bindTo(QmpFleet)})</td><td>{@code fleet}</td></tr>
 * </table>
 *
 * Tags are low-cardinality by default: command and event names come from the schema, the VM id only when opted in
 * (a fleet of thousands makes thousands of series per meter). Meters are looked up once and kept.
 *
 * <pre>{@code
 * QmpMicrometerMetrics metrics = QmpMicrometerMetrics.of(registry);
 * QmpFleet fleet = QmpFleet.create();
 * metrics.bindTo(fleet, "hosts-a");
 * fleet.add("web-1", QmpClientOptions.unix(socket).observability(QmpObservability.builder().observer(metrics).build()).build());
 * }</pre>
 */
public final class QmpMicrometerMetrics implements QmpObserver {
    /** The {@code vm} tag's value when VM ids are not tagged. */
    private static final String ANY_VM = "";

    private final MeterRegistry registry;
    private final boolean tagVmId;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    private QmpMicrometerMetrics(MeterRegistry registry, boolean tagVmId) {
        this.registry = registry;
        this.tagVmId = tagVmId;
    }

    /** Metrics into {@code registry}, without VM ids as tags. */
    public static QmpMicrometerMetrics of(MeterRegistry registry) {
        return new QmpMicrometerMetrics(registry, false);
    }

    /** The same registry, with the {@code vm} tag on every meter (one series per VM: mind your fleet's size). */
    public QmpMicrometerMetrics withVmIdTag() {
        return new QmpMicrometerMetrics(registry, true);
    }

    /** A {@code qmp.fleet.vms} gauge of {@code fleet}'s size, tagged {@code fleet=name}. */
    public QmpMicrometerMetrics bindTo(QmpFleet fleet, String name) {
        Gauge.builder("qmp.fleet.vms", fleet, f -> f.vmIds().size()).tag("fleet", name)
                .description("VMs in the fleet").register(registry);
        return this;
    }

    /** {@link #bindTo(QmpFleet, String)} with the name {@code default}. */
    public QmpMicrometerMetrics bindTo(QmpFleet fleet) {
        return bindTo(fleet, "default");
    }

    private String vm(String vmId) {
        return tagVmId ? vmId : ANY_VM;
    }

    private Tags vmTags(String vm) {
        return tagVmId ? Tags.of("vm", vm) : Tags.empty();
    }

    /** Names, outcomes and durations only: no request is redacted for these meters. */
    @Override
    public boolean wantsRequests() {
        return false;
    }

    @Override
    public @Nullable Object commandStarted(ObservedCommand command) {
        inFlight(vm(command.vmId())).incrementAndGet();
        return null;
    }

    @Override
    public void commandEnded(ObservedCommand command, @Nullable Object state, CommandOutcome outcome, @Nullable Throwable failure,
                             long nanos) {
        String vm = vm(command.vmId());
        inFlight(vm).decrementAndGet();
        String errorClass = failure instanceof QmpCommandException e ? e.errorClass() : "none";
        String key = vm + '\0' + command.name() + '\0' + outcome.tag() + '\0' + errorClass;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("qmp.command.duration")
                    .description("QMP commands from subscription to their end")
                    .tags(vmTags(vm)).tag("command", command.name()).tag("outcome", outcome.tag()).tag("error.class", errorClass)
                    .register(registry));
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private AtomicInteger inFlight(String vm) {
        AtomicInteger n = inFlight.get(vm);
        return n != null ? n : inFlight.computeIfAbsent(vm, v -> {
            AtomicInteger gauge = new AtomicInteger();
            Gauge.builder("qmp.commands.in.flight", gauge, AtomicInteger::get).tags(vmTags(v))
                    .description("QMP commands sent and not yet ended").register(registry);
            return gauge;
        });
    }

    private void count(String key, Function<String, Counter> create) {
        Counter c = counters.get(key);
        (c != null ? c : counters.computeIfAbsent(key, create)).increment();
    }

    @Override
    public void eventReceived(String vmId, String eventName) {
        String vm = vm(vmId);
        count("e\0" + vm + '\0' + eventName, k -> Counter.builder("qmp.events.received").tags(vmTags(vm)).tag("event", eventName)
                .description("QMP events received").register(registry));
    }

    @Override
    public void eventDropped(String vmId, OverflowPolicy policy) {
        String p = policy.name().toLowerCase(Locale.ROOT);
        count("d\0" + vmId + '\0' + p, k -> Counter.builder("qmp.events.dropped").tag("vm", vmId).tag("policy", p)
                .description("QMP events lost by a subscriber's full buffer").register(registry));
    }

    @Override
    public void frameSkipped(String vmId, String reason) {
        String vm = vm(vmId);
        count("f\0" + vm + '\0' + reason, k -> Counter.builder("qmp.frames.skipped").tags(vmTags(vm)).tag("reason", reason)
                .description("inbound bytes or messages skipped").register(registry));
    }

    @Override
    public void stateChanged(String vmId, ConnectionState state) {
        String vm = vm(vmId);
        String s = state.name().toLowerCase(Locale.ROOT);
        count("s\0" + vm + '\0' + s, k -> Counter.builder("qmp.connection.states").tags(vmTags(vm)).tag("state", s)
                .description("QMP connection state changes, by the state entered").register(registry));
    }

    @Override
    public void reconnecting(String vmId) {
        String vm = vm(vmId);
        count("r\0" + vm, k -> Counter.builder("qmp.reconnects").tags(vmTags(vm))
                .description("fleet VMs reconnecting after their connection ended").register(registry));
    }

    @Override
    public void deprecatedUse(String vmId, String command, @Nullable String member) {
        String m = member == null ? "none" : member;
        count("u\0" + command + '\0' + m, k -> Counter.builder("qmp.deprecated.uses").tag("command", command).tag("member", m)
                .description("uses of what the server marks deprecated").register(registry));
    }

    @Override
    public String toString() {
        return "QmpMicrometerMetrics{" + registry.getClass().getSimpleName() + (tagVmId ? ", vm tags" : "") + "}";
    }
}
