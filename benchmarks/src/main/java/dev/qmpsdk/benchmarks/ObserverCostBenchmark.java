package dev.qmpsdk.benchmarks;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.reactive.observe.CommandOutcome;
import dev.qmpsdk.reactive.observe.ObservedCommand;
import dev.qmpsdk.reactive.observe.QmpAuditTrail;
import dev.qmpsdk.reactive.observe.QmpMicrometerMetrics;
import dev.qmpsdk.reactive.observe.QmpObserver;
import dev.qmpsdk.reactive.observe.QmpWireLog;
import dev.qmpsdk.reactive.observe.RedactedRequest;
import dev.qmpsdk.reactive.observe.Redaction;
import dev.qmpsdk.reactive.observe.WireDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.Disposable;
import reactor.util.context.Context;

/**
 * What observability adds to one command's CPU, on one thread, without the scheduling noise of the end-to-end
 * scenario: the observer work the session does per {@code query-status} (its request and its reply), per
 * configuration. Off, the session does none of it (one null check per hook). Compare with the SDK's client CPU per
 * command in scenario 6 (a few µs).
 *
 * <pre>
 * java -cp benchmarks/target/qmp-benchmarks.jar org.openjdk.jmh.Main ObserverCostBenchmark -f 1 -wi 5 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObserverCostBenchmark {
    private static final String VM = "vm-1";
    private static final byte[] REPLY = Fixtures.utf8(Fixtures.QUERY_STATUS_REPLY);

    final Redaction redaction = Redaction.defaults();
    final QmpMicrometerMetrics metrics = QmpMicrometerMetrics.of(new SimpleMeterRegistry());
    final QmpAuditTrail audit = QmpAuditTrail.create();
    final LongAdder lines = new LongAdder();
    final QmpWireLog wire = QmpWireLog.to(line -> lines.increment());
    final Context context = Context.of("traceId", "abc");
    Disposable auditing;
    long id;

    @Setup
    public void setup() {
        auditing = audit.records().subscribe(r -> { });
    }

    /** What the session does per command with these observers (see SessionObserver: start, sent, received, ended). */
    private long command(boolean redact, QmpObserver... observers) {
        long n = ++id;
        ObservedCommand c = new ObservedCommand(VM, "query-status", context, Map.of("traceId", "abc"));
        Object[] states = new Object[observers.length];
        for (int i = 0; i < observers.length; i++) {
            states[i] = observers[i].commandStarted(c);
        }
        if (redact) {
            String request = "{\"execute\":\"query-status\",\"id\":" + n + "}";
            RedactedRequest r = redaction.redactRequest(request);
            c.sent(n, r);
            for (QmpObserver o : observers) {
                if (o.wantsMessages()) {
                    o.message(VM, WireDirection.OUT, r.json(), c);
                }
            }
            boolean messages = false;
            for (QmpObserver o : observers) {
                messages |= o.wantsMessages();
            }
            if (messages) {
                String in = redaction.redactIncoming(new String(REPLY, StandardCharsets.UTF_8), c.request());
                for (QmpObserver o : observers) {
                    if (o.wantsMessages()) {
                        o.message(VM, WireDirection.IN, in, c);
                    }
                }
            }
        } else {
            c.sent(n, RedactedRequest.NONE);
        }
        long nanos = System.nanoTime() - c.startNanos();
        for (int i = 0; i < observers.length; i++) {
            observers[i].commandEnded(c, states[i], CommandOutcome.SUCCESS, null, nanos);
        }
        return n;
    }

    @Benchmark
    public long metrics() {
        return command(false, metrics);
    }

    @Benchmark
    public long audit() {
        return command(true, audit);
    }

    @Benchmark
    public long wireLog() {
        return command(true, wire);
    }

    @Benchmark
    public long all() {
        return command(true, metrics, audit, wire);
    }

    /** A server error: the timer of another tag set, the audit record with the error text scrubbed. */
    @Benchmark
    public long metricsAndAuditOfAnError() {
        long n = ++id;
        ObservedCommand c = new ObservedCommand(VM, "stop", context, Map.of());
        metrics.commandStarted(c);
        c.sent(n, redaction.redactRequest("{\"execute\":\"stop\",\"id\":" + n + "}"));
        QmpCommandException e = new QmpCommandException("stop", null, "GenericError", "cannot stop");
        metrics.commandEnded(c, null, CommandOutcome.SERVER_ERROR, e, 1000);
        audit.commandEnded(c, null, CommandOutcome.SERVER_ERROR, e, 1000);
        return n;
    }
}
