package dev.qmpsdk.reactive;

import dev.qmpsdk.core.QmpUnknownVmException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.internal.EventDeliveryThreads;
import dev.qmpsdk.reactive.internal.FleetMember;
import dev.qmpsdk.reactive.internal.FleetVmClient;
import dev.qmpsdk.reactive.internal.LoopShutdown;
import dev.qmpsdk.reactive.internal.MergedEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.resources.LoopResources;

/**
 * Many VM monitors on one event loop: add and remove VMs by id, reach each as a {@link QmpClient} ({@link #vm(String)}:
 * the same generated commands, events and states as a single connection, following the VM across reconnections), and
 * watch one merged event stream in which every event carries the VM it came from. A VM that hangs, dies, floods
 * events or sends garbage only affects its own connection, commands and event buffers.
 *
 * <pre>{@code
 * QmpFleet fleet = QmpFleet.create();
 * fleet.add("web-1", QmpClientOptions.unix(Path.of("/run/web-1.qmp")).build()).block();
 * fleet.events(ShutdownEvent.class).subscribe(e -> log.info("{} shut down", e.vmId()));
 * fleet.vm("web-1").stop().block();
 * }</pre>
 */
public final class QmpFleet implements Disposable {
    /**
     * How long closing waits for the fleet's own loop to finish what is queued. No quiet period: Netty's default
     * shutdown waits two seconds for the loop to stay idle, which made every {@code close()} take 2 s, and once
     * every connection is closed nothing is left to arrive.
     */
    private static final Duration LOOP_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final LoopResources loop;
    private final boolean ownsLoop;
    private final QmpFleetDefaults defaults;
    private final Map<String, FleetVmClient> members = new ConcurrentHashMap<>();
    private final Sinks.Many<FleetMember> added = Sinks.many().replay().all();
    private volatile boolean disposed;

    private QmpFleet(LoopResources loop, boolean ownsLoop, QmpFleetDefaults defaults) {
        this.loop = loop;
        this.ownsLoop = ownsLoop;
        this.defaults = defaults;
    }

    /** A fleet on its own single event-loop thread, released by {@link #dispose()}. */
    public static QmpFleet create() {
        return create(QmpFleetDefaults.NONE);
    }

    /** A fleet on the given event loop (not disposed with the fleet). */
    public static QmpFleet create(LoopResources loop) {
        return create(loop, QmpFleetDefaults.NONE);
    }

    /**
     * A fleet on its own event-loop thread whose VMs take these settings unless their own options set them:
     * {@code QmpFleet.create(QmpFleetDefaults.NONE.checkAgainstServer(true))} checks every VM's commands against its
     * server's schema.
     */
    public static QmpFleet create(QmpFleetDefaults defaults) {
        return new QmpFleet(LoopResources.create("qmp-fleet", 1, 1, true), true, Objects.requireNonNull(defaults, "defaults"));
    }

    /** A fleet on the given event loop (not disposed with the fleet) whose VMs take these settings unless their own options set them. */
    public static QmpFleet create(LoopResources loop, QmpFleetDefaults defaults) {
        return new QmpFleet(Objects.requireNonNull(loop, "loop"), false, Objects.requireNonNull(defaults, "defaults"));
    }

    /** The settings every VM added takes unless its own options set them. */
    public QmpFleetDefaults defaults() {
        return defaults;
    }

    /** Adds a VM without reconnection; completes with the VM's client when its monitor is ready. */
    public Mono<QmpClient> add(String vmId, QmpClientOptions options) {
        return add(vmId, options, ReconnectPolicy.NEVER);
    }

    /**
     * Adds a VM; the fleet's event loop replaces the options', and the fleet's {@link #defaults()} fill in what the
     * options leave unset. Completes with the VM's client (the one {@link #vm(String)}
     * returns) once the first connection is ready, or fails (and forgets the VM) if the first connection fails.
     */
    public Mono<QmpClient> add(String vmId, QmpClientOptions options, ReconnectPolicy reconnect) {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(reconnect, "reconnect");
        return Mono.defer(() -> {
            if (disposed) {
                return Mono.error(new IllegalStateException("cannot add VM '" + vmId + "': the fleet is closed"));
            }
            FleetMember member = new FleetMember(vmId, defaults.applyTo(options).mutate().loopResources(loop).build(), reconnect);
            FleetVmClient client = new FleetVmClient(member, members);
            if (members.putIfAbsent(vmId, client) != null) {
                return Mono.error(new IllegalArgumentException("a VM with id '" + vmId + "' is already in the fleet"));
            }
            announce(member);
            return member.start().thenReturn((QmpClient) client).doOnError(e -> {
                members.remove(vmId, client);
                member.stop();   // ends its streams; its only session has failed already
            });
        });
    }

    /**
     * Tells every event and state subscription about a new VM. Serialized: VMs are added from any thread, often
     * several at once, and a sink refuses (FAIL_NON_SERIALIZED) an emission that overlaps another, which used to
     * leave such a VM out of every merged stream.
     */
    private void announce(FleetMember member) {
        synchronized (added) {
            Sinks.EmitResult r = added.tryEmitNext(member);
            if (r.isFailure() && r != Sinks.EmitResult.FAIL_TERMINATED) {
                throw new IllegalStateException("could not announce VM '" + member.vmId() + "' to the fleet's streams: " + r);
            }
        }
    }

    private void noMoreMembers() {
        synchronized (added) {
            added.tryEmitComplete();
        }
    }

    /** Removes a VM and closes its connection (its pending commands fail, its events complete); nothing if unknown. */
    public Mono<Void> remove(String vmId) {
        return Mono.defer(() -> {
            FleetVmClient vm = members.get(vmId);
            return vm == null ? Mono.empty() : vm.close();
        });
    }

    /**
     * The VM added under {@code vmId}, as a client: the generated commands, {@code execute}, events and states of
     * that VM, across its reconnections (a command fails with a {@code QmpConnectionException} while it has no
     * connection). Closing it removes the VM from the fleet.
     *
     * <pre>{@code
     * StatusInfo status = fleet.vm("web-1").queryStatus().block();
     * }</pre>
     *
     * @throws QmpUnknownVmException when no VM has that id (never added, or removed)
     */
    public QmpClient vm(String vmId) {
        FleetVmClient vm = members.get(Objects.requireNonNull(vmId, "vmId"));
        if (vm == null) {
            throw new QmpUnknownVmException(vmId, "no VM '" + vmId + "' in the fleet" + (members.isEmpty() ? " (it has no VMs)"
                    : members.size() <= 10 ? " (it has " + String.join(", ", new java.util.TreeSet<>(members.keySet())) + ")"
                    : " (it has " + members.size() + " VMs)"));
        }
        return vm;
    }

    /** The ids of the VMs in the fleet now. */
    public Set<String> vmIds() {
        return Set.copyOf(members.keySet());
    }

    /**
     * Every event of every VM, hot; each VM's events are buffered per subscriber by that VM's policy (a VM
     * that floods loses its own events, counted in its client's stats). The event loop only appends to those
     * buffers; one delivery loop per subscriber serves it from all of them, round robin, on another thread.
     * A VM configured with {@link OverflowPolicy#ERROR} whose buffer overflows ends the merged stream with a
     * {@link dev.qmpsdk.core.QmpEventOverflowException} naming the VM; a VM whose connection fails or is removed just stops
     * contributing (its {@link #states()} say why), and the stream completes when the fleet is closed.
     */
    public Flux<VmEvent<QmpEvent>> events() {
        return merged(e -> true, VmEvent::new);
    }

    /** Events of one generated type from every VM, filtered before buffering. */
    public <E extends QmpEvent> Flux<VmEvent<E>> events(Class<E> type) {
        return merged(type::isInstance, (vm, e) -> new VmEvent<>(vm, type.cast(e)));
    }

    private <T> Flux<T> merged(Predicate<QmpEvent> filter, BiFunction<String, QmpEvent, T> toValue) {
        return new MergedEvents<FleetMember, T>(added.asFlux(), FleetMember::vmId, FleetMember::connections, filter, toValue,
                EventDeliveryThreads.SCHEDULER);
    }

    /** State changes of every VM, starting with each VM's current state. */
    public Flux<VmState> states() {
        return added.asFlux().flatMap(m -> m.states().map(s -> new VmState(m.vmId(), s)), Integer.MAX_VALUE);
    }

    /**
     * Removes every VM and completes once all their connections are closed (pending commands failed, event
     * streams completed); then releases the fleet's own event loop, if it made one.
     *
     * <pre>{@code
     * fleet.close().block(Duration.ofSeconds(10));   // e.g. in a shutdown hook
     * }</pre>
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            disposed = true;
            return Flux.fromIterable(Set.copyOf(members.keySet()))
                    .flatMap(this::remove)
                    .then(Mono.fromRunnable(this::noMoreMembers))
                    .then(ownsLoop ? LoopShutdown.of(loop, LOOP_SHUTDOWN_TIMEOUT) : Mono.empty());
        });
    }

    /** Like {@link #close()} without waiting: the connections close in the background. */
    @Override
    public void dispose() {
        close().subscribe();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
