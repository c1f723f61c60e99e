package dev.qmpsdk.reactive.observe;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.reactive.internal.EventDeliveryThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The audit trail: one {@link QmpAuditRecord} per command of every connection it is configured on, as a hot
 * {@link Flux} to subscribe to and forward (to a log, Kafka, a database). Subscribers get the records that end after
 * they subscribed; their code runs on the SDK's delivery threads, never on the event loop, each with a buffer of
 * {@value #BUFFER} records: one that falls behind loses the oldest, counted in {@link #dropped()}.
 *
 * <pre>{@code
 * QmpAuditTrail audit = QmpAuditTrail.create();
 * audit.records().subscribe(r -> auditLog.info("{}", r));
 * QmpClientOptions.unix(socket).observability(QmpObservability.builder().observer(audit).build()).build();
 * }</pre>
 */
public final class QmpAuditTrail implements QmpObserver {
    /** Records buffered per subscriber. */
    public static final int BUFFER = 4096;

    private final Sinks.Many<QmpAuditRecord> sink = Sinks.many().multicast().directBestEffort();
    private final LongAdder dropped = new LongAdder();

    private QmpAuditTrail() {
    }

    public static QmpAuditTrail create() {
        return new QmpAuditTrail();
    }

    /** The records from now on (hot; never completes). */
    public Flux<QmpAuditRecord> records() {
        return sink.asFlux()
                .onBackpressureBuffer(BUFFER, r -> dropped.increment(), BufferOverflowStrategy.DROP_OLDEST)
                .publishOn(EventDeliveryThreads.SCHEDULER);
    }

    /** Records a subscriber's full buffer lost. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void commandEnded(ObservedCommand command, @Nullable Object state, CommandOutcome outcome, @Nullable Throwable failure,
                             long nanos) {
        String errorClass = failure == null ? null
                : failure instanceof QmpCommandException e ? e.errorClass() : failure.getClass().getSimpleName();
        String error = failure == null || failure.getMessage() == null ? null : LogText.escape(command.scrub(failure.getMessage()));
        QmpAuditRecord record = new QmpAuditRecord(Instant.now(), command.vmId(), command.name(), command.id(), command.argumentNames(),
                outcome, Duration.ofNanos(nanos), errorClass, error, command.context());
        // Many event loops emit; a sink refuses overlapping emissions.
        synchronized (sink) {
            sink.tryEmitNext(record);
        }
    }

    @Override
    public String toString() {
        return "QmpAuditTrail{subscribers=" + sink.currentSubscriberCount() + ", dropped=" + dropped() + "}";
    }
}
