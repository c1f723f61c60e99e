package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.ReconnectPolicy;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One VM of a fleet: its options, its sessions (one per connection, a new one on each reconnection), its state across
 * them, and its reconnection loop. Each session is announced to the VM's event streams when it is created, before it
 * connects, so events of its handshake are delivered too; commands go to {@link #current()}, the session that is
 * ready.
 *
 * <pre>{@code
 * FleetMember web1 = new FleetMember("web-1", options, ReconnectPolicy.NEVER);
 * web1.start().block();
 * web1.current().execute(Request.typed(QmpCommands.QUERY_STATUS, null), Duration.ofSeconds(5)).block();
 * }</pre>
 */
public final class FleetMember {
    private final String vmId;
    private final QmpClientOptions options;
    private final ReconnectPolicy reconnect;
    private final Sinks.Many<QmpSession> sessions = Sinks.many().replay().latest();
    private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
    private volatile @Nullable QmpSession current;
    /** The newest session, ready or still connecting: what {@link #stop()} closes. */
    private volatile @Nullable QmpSession newest;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile boolean removed;
    /** This VM's observers (reconnections are counted here, the rest by each session); null when not observed. */
    private final @Nullable SessionObserver observer;

    public FleetMember(String vmId, QmpClientOptions options, ReconnectPolicy reconnect) {
        this.vmId = vmId;
        this.options = options;
        this.reconnect = reconnect;
        this.observer = SessionObserver.of(options, vmId);
    }

    public String vmId() {
        return vmId;
    }

    public QmpClientOptions options() {
        return options;
    }

    /** The session commands go to, or null between connections. */
    public @Nullable QmpSession current() {
        return current;
    }

    /** The VM's state across its connections. */
    public ConnectionState state() {
        return state;
    }

    /** True once the VM was removed from its fleet. */
    public boolean removed() {
        return removed;
    }

    /**
     * The VM's states, starting with the current one; RECONNECTING between connections. Completes after a terminal
     * state that no reconnection follows (the connection ended without a reconnect policy, reconnection gave up, or the
     * VM was removed).
     */
    public Flux<ConnectionState> states() {
        return states.asFlux();
    }

    /** The event fan-out of each of the VM's sessions, the newest first; completes when the VM is removed. */
    public Flux<EventHub> connections() {
        return sessions.asFlux().map(QmpSession::events);
    }

    /** Connects the first session; fails (the VM then FAILED) when that connection fails. */
    public Mono<Void> start() {
        emitState(ConnectionState.CONNECTING);
        return connectSession().doOnError(e -> emitState(ConnectionState.FAILED)).then();
    }

    private Mono<QmpSession> connectSession() {
        return Mono.defer(() -> {
            QmpSession session = new QmpSession(options, vmId);
            newest = session;
            synchronized (sessions) {
                sessions.tryEmitNext(session);
            }
            return session.connect().thenReturn(session);
        }).doOnNext(this::adopt);
    }

    private void adopt(QmpSession session) {
        if (removed) {
            session.dispose();   // removed while it connected
            return;
        }
        current = session;
        session.states().subscribe(s -> {
            if (s == ConnectionState.CONNECTING) {
                return;
            }
            if (s.isTerminal() && !removed && reconnect.enabled()) {
                current = null;
                emitState(ConnectionState.RECONNECTING);
                reconnect();
            } else if (s.isTerminal() && !removed) {
                endStates(s);   // no reconnection follows: the VM's last state
            } else {
                emitState(s);
            }
        });
    }

    private void reconnect() {
        if (observer != null) {
            observer.reconnecting();
        }
        Retry retry = Retry.backoff(reconnect.maxAttempts(), reconnect.firstBackoff()).maxBackoff(reconnect.maxBackoff())
                .filter(e -> !removed);
        Mono.defer(() -> removed ? Mono.<QmpSession>empty() : connectSession())
                .retryWhen(retry)
                .subscribe(s -> { }, e -> endStates(ConnectionState.FAILED));
    }

    /** Serialized: states come from the caller's thread, the event loop and timers, and a sink refuses overlaps. */
    private void emitState(ConnectionState s) {
        synchronized (states) {
            state = s;
            states.tryEmitNext(s);
        }
    }

    /** The last state: emitted, then the state stream completes (removing the VM later changes nothing). */
    private void endStates(ConnectionState last) {
        synchronized (states) {
            state = last;
            states.tryEmitNext(last);
            states.tryEmitComplete();
        }
    }

    /** Removed from the fleet: no more reconnections, the connection closes, the streams complete. */
    public Mono<Void> stop() {
        removed = true;
        QmpSession last = newest;
        synchronized (sessions) {
            sessions.tryEmitComplete();
        }
        Mono<Void> close = last == null ? Mono.empty() : last.close();
        return close.doFinally(s -> endStates(ConnectionState.CLOSED));
    }

    @Override
    public String toString() {
        return "VM '" + vmId + "' (" + options.address() + ", " + state + ")";
    }
}
