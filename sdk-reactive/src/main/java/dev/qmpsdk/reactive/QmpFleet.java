package dev.qmpsdk.reactive;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.internal.EventDeliveryThreads;
import dev.qmpsdk.reactive.internal.LoopShutdown;
import dev.qmpsdk.reactive.internal.MergedEvents;
import java.util.Map;
import java.util.Objects;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.resources.LoopResources;
import reactor.util.retry.Retry;

/**
 * Many VM monitors on one event loop: add and remove VMs by id, run commands on any of them, and watch
 * one merged event stream in which every event carries the VM it came from. A VM that hangs, dies,
 * floods events or sends garbage only affects its own connection, commands and event buffers.
 *
 * <pre>{@code
 * QmpFleet fleet = QmpFleet.create();
 * fleet.add("web-1", QmpClientConfig.unix(Path.of("/run/web-1.qmp"))).block();
 * fleet.events(ShutdownEvent.class).subscribe(e -> log.info("{} shut down", e.vmId()));
 * fleet.execute("web-1", QmpCommands.STOP, null).block();
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
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Sinks.Many<Member> added = Sinks.many().replay().all();
    private volatile boolean disposed;

    private QmpFleet(LoopResources loop, boolean ownsLoop) {
        this.loop = loop;
        this.ownsLoop = ownsLoop;
    }

    /** A fleet on its own single event-loop thread, released by {@link #dispose()}. */
    public static QmpFleet create() {
        return new QmpFleet(LoopResources.create("qmp-fleet", 1, 1, true), true);
    }

    /** A fleet on the given event loop (not disposed with the fleet). */
    public static QmpFleet create(LoopResources loop) {
        return new QmpFleet(Objects.requireNonNull(loop, "loop"), false);
    }

    /** Adds a VM without reconnection; completes when its monitor is ready. */
    public Mono<QmpClient> add(String vmId, QmpClientConfig config) {
        return add(vmId, config, ReconnectPolicy.NEVER);
    }

    /**
     * Adds a VM; the fleet's event loop replaces the configuration's. Completes with the first connected
     * client, or fails (and forgets the VM) if the first connection fails.
     */
    public Mono<QmpClient> add(String vmId, QmpClientConfig config, ReconnectPolicy reconnect) {
        Objects.requireNonNull(vmId, "vmId");
        return Mono.defer(() -> {
            if (disposed) {
                return Mono.error(new IllegalStateException("the fleet is disposed"));
            }
            Member member = new Member(vmId, config.withLoopResources(loop), reconnect);
            if (members.putIfAbsent(vmId, member) != null) {
                return Mono.error(new IllegalArgumentException("a VM with id '" + vmId + "' is already in the fleet"));
            }
            announce(member);
            return member.start().doOnError(e -> {
                members.remove(vmId, member);
                member.stop();
            });
        });
    }

    /**
     * Tells every event and state subscription about a new VM. Serialized: VMs are added from any thread, often
     * several at once, and a sink refuses (FAIL_NON_SERIALIZED) an emission that overlaps another, which used to
     * leave such a VM out of every merged stream.
     */
    private void announce(Member member) {
        synchronized (added) {
            Sinks.EmitResult r = added.tryEmitNext(member);
            if (r.isFailure() && r != Sinks.EmitResult.FAIL_TERMINATED) {
                throw new IllegalStateException("could not announce VM '" + member.vmId + "' to the fleet's streams: " + r);
            }
        }
    }

    private void noMoreMembers() {
        synchronized (added) {
            added.tryEmitComplete();
        }
    }

    /** Removes a VM and closes its connection (its pending commands fail, its events complete). */
    public Mono<Void> remove(String vmId) {
        return Mono.defer(() -> {
            Member m = members.remove(vmId);
            return m == null ? Mono.empty() : m.stop();
        });
    }

    /** The VM's current client, or null when the VM is unknown or between connections. */
    public @Nullable QmpClient client(String vmId) {
        Member m = members.get(vmId);
        return m == null ? null : m.current;
    }

    public Set<String> vmIds() {
        return Set.copyOf(members.keySet());
    }

    /** Runs a command on one VM. */
    public <A, R> Mono<R> execute(String vmId, CommandDescriptor<A, R> command, @Nullable A arguments) {
        return Mono.defer(() -> {
            QmpClient c = client(vmId);
            if (c == null) {
                return Mono.error(new QmpConnectionException(members.containsKey(vmId)
                        ? "VM '" + vmId + "' is reconnecting" : "no VM with id '" + vmId + "' in the fleet"));
            }
            return c.execute(command, arguments);
        });
    }

    /**
     * Every event of every VM, hot; each VM's events are buffered per subscriber by that VM's policy (a VM
     * that floods loses its own events, counted in its client's stats). The event loop only appends to those
     * buffers; one delivery loop per subscriber serves it from all of them, round robin, on another thread.
     * A VM configured with {@link OverflowPolicy#ERROR} whose buffer overflows ends the merged stream with a
     * {@link dev.qmpsdk.core.QmpException} naming the VM; a VM whose connection fails or is removed just stops
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
        return new MergedEvents<Member, T>(added.asFlux(), m -> m.vmId, m -> m.clients.asFlux().map(QmpClient::eventHub), filter, toValue,
                EventDeliveryThreads.SCHEDULER);
    }

    /** State changes of every VM, starting with each VM's current state. */
    public Flux<VmState> states() {
        return added.asFlux().flatMap(m -> m.states.asFlux().map(s -> new VmState(m.vmId, s)), Integer.MAX_VALUE);
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

    /** One VM: its configuration, its current client and its reconnection loop. */
    private final class Member {
        final String vmId;
        final QmpClientConfig config;
        final ReconnectPolicy reconnect;
        final Sinks.Many<QmpClient> clients = Sinks.many().replay().latest();
        final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
        volatile @Nullable QmpClient current;
        volatile boolean removed;

        Member(String vmId, QmpClientConfig config, ReconnectPolicy reconnect) {
            this.vmId = vmId;
            this.config = config;
            this.reconnect = reconnect;
        }

        Mono<QmpClient> start() {
            emitState(ConnectionState.CONNECTING);
            return QmpClient.connect(config).doOnNext(this::adopt).doOnError(e -> emitState(ConnectionState.FAILED));
        }

        private void adopt(QmpClient client) {
            current = client;
            synchronized (clients) {
                clients.tryEmitNext(client);
            }
            client.states().subscribe(s -> {
                if (s == ConnectionState.CONNECTING) {
                    return;
                }
                if (s.isTerminal() && !removed && reconnect.enabled()) {
                    current = null;
                    emitState(ConnectionState.RECONNECTING);
                    reconnect();
                } else {
                    emitState(s);
                }
            });
        }

        private void reconnect() {
            Retry retry = Retry.backoff(reconnect.maxAttempts(), reconnect.firstBackoff()).maxBackoff(reconnect.maxBackoff())
                    .filter(e -> !removed);
            Mono.defer(() -> removed ? Mono.<QmpClient>empty() : QmpClient.connect(config))
                    .retryWhen(retry)
                    .subscribe(this::adopt, e -> emitState(ConnectionState.FAILED));
        }

        /** Serialized like {@link #announce}: states come from the caller's thread, the event loop and timers. */
        private void emitState(ConnectionState s) {
            synchronized (states) {
                states.tryEmitNext(s);
            }
        }

        Mono<Void> stop() {
            removed = true;
            QmpClient c = current;
            synchronized (clients) {
                clients.tryEmitComplete();
            }
            Mono<Void> close = c == null ? Mono.empty() : c.close();
            return close.doFinally(s -> {
                synchronized (states) {
                    states.tryEmitNext(ConnectionState.CLOSED);
                    states.tryEmitComplete();
                }
            });
        }
    }
}
