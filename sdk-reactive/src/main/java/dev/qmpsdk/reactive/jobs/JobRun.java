package dev.qmpsdk.reactive.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpEventOverflowException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.QmpConnection;
import dev.qmpsdk.reactive.internal.EventDeliveryThreads;
import dev.qmpsdk.reactive.internal.LoopTimer;
import dev.qmpsdk.reactive.internal.SharedLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One run of a job (one subscription): the plumbing every job shares, so that its stream ends exactly once and never
 * hangs. In order: subscribe to the connection's events and states, send the start command, then reconcile with the
 * job's query at once, on every poll tick, when the connection is READY again after a reconnection, and when the
 * connection's dropped-event counter moved (an overflow policy threw away events, maybe the terminal one).
 *
 * <p>Events that arrive before the start command's reply are held and applied only once it succeeded: QEMU sends some
 * of a job's events before the reply, and a refused command must not adopt another job's events. Every state change
 * happens under this object's lock; the events, replies and ticks that cause them come from different threads.
 *
 * @param <P> the progress type
 */
abstract class JobRun<P> {
    private static final Logger LOG = Loggers.getLogger(JobRun.class);
    /**
     * Where replies, states and ticks are handled: never on the connection's event loop, because handling them takes
     * this run's lock and signals the subscriber, whose code must not run there (nor make it wait). Events are handled
     * on the run's own event-delivery thread, as for any event subscriber: a subscriber that blocks delays only them.
     * The SDK's own pool, not one of Reactor's global schedulers, so that {@code QmpResources.shutdown()} ends it.
     */
    private static final Scheduler OFF_LOOP = EventDeliveryThreads.SCHEDULER;

    final QmpConnection connection;
    final QmpJobs settings;
    private final Disposable.Composite watches = Disposables.composite();
    private @Nullable FluxSink<P> sink;
    private boolean started;
    private boolean finished;
    private boolean reconciling;
    private boolean reconcileAgain;
    private boolean interrupted;
    /** The subscriber left while the start command was in flight: stop the job if QEMU accepts it. */
    private boolean abandonPending;
    private long droppedSeen;
    private @Nullable P lastEmitted;
    private final List<QmpEvent> early = new ArrayList<>();

    JobRun(QmpConnection connection, QmpJobs settings) {
        this.connection = connection;
        this.settings = settings;
    }

    /** A cold stream: each subscription is one run of the job. */
    static <P> Flux<P> flux(Supplier<? extends JobRun<P>> runs) {
        return Flux.create(sink -> {
            JobRun<P> run = runs.get();
            run.run(sink);
        });
    }

    // ------------------------------------------------------------------ what a job says

    /** What messages call this job: {@code backup job 'bk0'}, {@code migration}. */
    abstract String subject();

    /** The command that starts the job (subscribed once, after the events are). */
    abstract Mono<?> startCommand();

    /** Turns the start command's failure into the stream's error. */
    abstract Throwable startFailed(Throwable error);

    /** Whether an event (by wire name, data as JSON) is about this job. */
    abstract boolean concerns(String event, JsonNode data);

    /** Applies an event about this job; under the lock, after the start command succeeded. */
    abstract void apply(String event, JsonNode data);

    /** The query that tells the job's state ({@code query-block-jobs}, {@code query-migrate}). */
    abstract Mono<JsonNode> snapshot();

    /** Applies the query's answer; under the lock. */
    abstract void applySnapshot(JsonNode answer);

    /** What to send when the subscriber goes away before the end (cancelling the job); null: nothing. */
    abstract @Nullable Mono<?> abandon();

    /** The error that ends the stream when the connection ends first. */
    abstract Throwable connectionEnded(String how, @Nullable Throwable cause);

    // ------------------------------------------------------------------ for subclasses

    /** Emits a progress value unless it equals the last one. */
    final synchronized void emit(P progress) {
        if (!finished && !progress.equals(lastEmitted)) {
            lastEmitted = progress;
            Objects.requireNonNull(sink).next(progress);
        }
    }

    /** Ends the stream with a last value, after {@code before} (e.g. dismissing a concluded job) whatever it does. */
    final synchronized void succeed(P last, Mono<?> before) {
        if (finish()) {
            FluxSink<P> s = Objects.requireNonNull(sink);
            before.then().onErrorResume(e -> logged(e, "after the end")).publishOn(OFF_LOOP).subscribe(null, null, () -> {
                s.next(last);
                s.complete();
            });
        }
    }

    /** Ends the stream with an error, after {@code before} whatever it does. */
    final synchronized void fail(Throwable error, Mono<?> before) {
        if (finish()) {
            FluxSink<P> s = Objects.requireNonNull(sink);
            before.then().onErrorResume(e -> logged(e, "after the end")).publishOn(OFF_LOOP)
                    .subscribe(null, null, () -> s.error(error));
        }
    }

    final synchronized boolean finished() {
        return finished;
    }

    /** Asks the job's query now (or once more after the one in flight). */
    final synchronized void reconcile() {
        if (finished || !started) {
            return;
        }
        if (reconciling) {
            reconcileAgain = true;
            return;
        }
        reconciling = true;
        snapshot().switchIfEmpty(Mono.error(() -> new IllegalStateException("empty answer"))).publishOn(OFF_LOOP)
                .subscribe(this::onSnapshot, this::onSnapshotFailed);
    }

    /** Reconciles again after {@code delay}, while the run lasts. */
    final synchronized void reconcileAfter(Duration delay) {
        if (!finished) {
            watches.add(delay(delay).publishOn(OFF_LOOP).subscribe(t -> reconcile()));
        }
    }

    // ------------------------------------------------------------------ the run

    final void run(FluxSink<P> sink) {
        synchronized (this) {
            this.sink = sink;
            sink.onCancel(this::subscriberLeft);
            sink.onDispose(watches::dispose);
            droppedSeen = connection.stats().droppedEvents();
            watches.add(connection.states().publishOn(OFF_LOOP).subscribe(this::onState));
            subscribeEvents();
        }
        // Not among the watches: if the subscriber leaves while it is in flight, its reply must still be seen, so
        // that a job QEMU started anyway is cancelled.
        startCommand().publishOn(OFF_LOOP).subscribe(null, this::onStartFailed, this::onStarted);
    }

    private synchronized void subscribeEvents() {
        if (!finished) {
            watches.add(connection.events().subscribe(this::onEvent, this::onEventsFailed, this::onEventsEnded));
        }
    }

    private synchronized void onStarted() {
        if (finished) {
            if (abandonPending) {
                abandonPending = false;
                sendAbandon();
            }
            return;
        }
        started = true;
        for (QmpEvent e : early) {
            JsonNode data = JobJson.data(e);
            if (!finished) {
                apply(e.eventName(), data);
            }
        }
        early.clear();
        if (!settings.pollInterval().isZero()) {
            watches.add(Mono.defer(() -> delay(settings.pollInterval())).repeat().publishOn(OFF_LOOP).subscribe(t -> reconcile()));
        }
        reconcile();
    }

    private synchronized void onStartFailed(Throwable error) {
        early.clear();
        if (!finished) {
            fail(startFailed(error), Mono.empty());
        }
    }

    private synchronized void subscriberLeft() {
        if (finished) {
            return;
        }
        finished = true;
        if (started) {
            sendAbandon();
        } else {
            abandonPending = true;   // onStarted sends it if QEMU accepts the command
        }
    }

    private void sendAbandon() {
        Mono<?> abandon = abandon();
        if (abandon != null) {
            abandon.subscribe(null, e -> LOG.warn("{}: could not stop it after its subscriber left: {}", subject(), e.toString()));
        }
    }

    private boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        watches.dispose();
        return true;
    }

    private synchronized void onEvent(QmpEvent event) {
        long dropped = connection.stats().droppedEvents();
        boolean lostSome = dropped != droppedSeen;
        droppedSeen = dropped;
        if (finished) {
            return;
        }
        JsonNode data = JobJson.data(event);
        if (concerns(event.eventName(), data)) {
            if (started) {
                apply(event.eventName(), data);
            } else {
                early.add(event);
            }
        }
        if (lostSome) {
            LOG.debug("{}: events were dropped; asking QEMU for the job's state", subject());
            reconcile();
        }
    }

    private synchronized void onEventsFailed(Throwable error) {
        if (finished) {
            return;
        }
        if (error instanceof QmpEventOverflowException) {
            // This run's own buffer overflowed under OverflowPolicy.ERROR: listen again and ask what was missed.
            subscribeEvents();
            reconcile();
        } else {
            fail(connectionEnded("failed", error), Mono.empty());
        }
    }

    private synchronized void onEventsEnded() {
        if (!finished) {
            fail(connectionEnded("was closed", null), Mono.empty());
        }
    }

    private synchronized void onState(ConnectionState state) {
        if (finished) {
            return;
        }
        switch (state) {
            case RECONNECTING, CONNECTING, NEGOTIATING -> interrupted = true;
            case READY -> {
                if (interrupted) {
                    interrupted = false;
                    droppedSeen = connection.stats().droppedEvents();
                    reconcile();
                }
            }
            case CLOSED, FAILED -> fail(connectionEnded(state == ConnectionState.CLOSED ? "was closed" : "failed", null),
                    Mono.empty());
        }
    }

    private synchronized void onSnapshot(JsonNode answer) {
        reconciling = false;
        if (!finished) {
            applySnapshot(answer);
        }
        again();
    }

    private synchronized void onSnapshotFailed(Throwable error) {
        // The next tick, reconnection or event asks again; a connection that ended ends the run through its states.
        reconciling = false;
        LOG.debug("{}: asking QEMU for the job's state failed: {}", subject(), error.toString());
        again();
    }

    private void again() {
        if (reconcileAgain && !finished) {
            reconcileAgain = false;
            reconcile();
        }
    }

    private Mono<Void> logged(Throwable e, String when) {
        LOG.warn("{}: {} failed: {}", subject(), when, e.toString());
        return Mono.empty();
    }

    /**
     * A timer on the SDK's shared event loop (not Reactor's {@code parallel} threads, which would outlive every client,
     * see {@link LoopTimer}); whatever follows must leave the loop ({@link #OFF_LOOP}).
     */
    static Mono<Long> delay(Duration delay) {
        return Mono.defer(() -> LoopTimer.delay(SharedLoop.get().onClient(true), delay));
    }

    static QmpConnectionException connectionException(String subject, String how, @Nullable Throwable cause) {
        String message = "the connection to QEMU " + how + " while " + subject + " ran; its outcome is unknown";
        return cause == null ? new QmpConnectionException(message) : new QmpConnectionException(message + ": " + cause, cause);
    }
}
