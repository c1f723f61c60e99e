package dev.qmpsdk.benchmarks;

import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Scenarios 2 and 3: one connection, {@code window} {@code query-status} commands kept in flight, for the SDK
 * ({@link QmpClient#execute}) and for the {@link RawQmpClient} baseline, against the same server.
 */
public final class PipelineHarness {
    /** Where the server's and the client's CPU time is read from for one run. */
    public record Probes(CpuProbe server, CpuProbe sdkClient) {}

    public record Result(String client, int window, long replies, double seconds, double p50Micros, double p99Micros,
                         double serverCpuShare, double clientCpuMicrosPerCommand) {
        public double perSecond() {
            return replies / seconds;
        }
    }

    private PipelineHarness() {}

    public static Result runRaw(Path socket, int window, Duration warmup, Duration measure, long maxCommands, Probes probes) {
        try (RawQmpClient raw = RawQmpClient.connect(socket)) {
            raw.pipeline(window, warmup.toNanos(), maxCommands, new Latencies(1 << 16));
            Latencies lat = new Latencies(1 << 22);
            CpuProbe client = CpuProbe.currentThread();
            long s0 = probes.server().cpuNanos();
            long c0 = client.cpuNanos();
            long t0 = System.nanoTime();
            long n = raw.pipeline(window, measure.toNanos(), maxCommands, lat);
            long t1 = System.nanoTime();
            return result("raw", window, n, t1 - t0, lat, probes.server().cpuNanos() - s0, client.cpuNanos() - c0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result runSdk(Path socket, int window, Duration warmup, Duration measure, long maxCommands, Probes probes) {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(socket).build()).block(Duration.ofSeconds(30));
        try {
            sdkPipeline(client, window, warmup.toNanos(), maxCommands, new Latencies(1 << 16));
            Latencies lat = new Latencies(1 << 22);
            long s0 = probes.server().cpuNanos();
            long c0 = probes.sdkClient().cpuNanos();
            long t0 = System.nanoTime();
            long n = sdkPipeline(client, window, measure.toNanos(), maxCommands, lat);
            long t1 = System.nanoTime();
            return result("sdk", window, n, t1 - t0, lat, probes.server().cpuNanos() - s0, probes.sdkClient().cpuNanos() - c0);
        } finally {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    /** Keeps {@code window} commands in flight (see {@link InFlight}) until the deadline; returns replies. */
    static long sdkPipeline(QmpClient client, int window, long durationNanos, long maxCommands, Latencies lat) {
        return InFlight.run(() -> client.execute(QmpCommands.QUERY_STATUS, null), window, System.nanoTime() + durationNanos,
                maxCommands, lat);
    }

    /**
     * The user's own pipeline (scenario 6): {@code Flux.range(...).flatMap(i -> client.queryStatus(), window)} until the
     * deadline, as a user writes it, Reactor's operators included. No latency is taken (that would add operators).
     */
    public static Result runSdkFlatMap(Path socket, int window, Duration warmup, Duration measure, Probes probes) {
        return runSdkFlatMap(QmpClientOptions.unix(socket).build(), window, warmup, measure, probes);
    }

    /** {@link #runSdkFlatMap(Path, int, Duration, Duration, Probes)} with these client options (the observability scenario). */
    public static Result runSdkFlatMap(QmpClientOptions options, int window, Duration warmup, Duration measure, Probes probes) {
        QmpClient client = QmpClient.connect(options).block(Duration.ofSeconds(30));
        try {
            flatMapUntil(client, window, System.nanoTime() + warmup.toNanos());
            long s0 = probes.server().cpuNanos();
            long c0 = probes.sdkClient().cpuNanos();
            long t0 = System.nanoTime();
            long n = flatMapUntil(client, window, t0 + measure.toNanos());
            long t1 = System.nanoTime();
            return result("sdk", window, n, t1 - t0, new Latencies(1), probes.server().cpuNanos() - s0, probes.sdkClient().cpuNanos() - c0);
        } finally {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    private static long flatMapUntil(QmpClient client, int window, long deadlineNanos) {
        Long n = Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> System.nanoTime() < deadlineNanos)
                .flatMap(i -> client.queryStatus(), window)
                .count()
                .block(Duration.ofSeconds(120));
        return n == null ? 0 : n;
    }

    /**
     * One command at a time from the caller's thread (scenario 6): {@code client.queryStatus().block()} in a loop, what
     * every sequential management step does. Latency per call; client CPU is the event loop's plus the caller's.
     */
    public static Result runSdkBlocking(Path socket, Duration warmup, Duration measure, Probes probes) {
        return runSdkBlocking(QmpClientOptions.unix(socket).build(), warmup, measure, probes);
    }

    /** {@link #runSdkBlocking(Path, Duration, Duration, Probes)} with these client options (the observability scenario). */
    public static Result runSdkBlocking(QmpClientOptions options, Duration warmup, Duration measure, Probes probes) {
        QmpClient client = QmpClient.connect(options).block(Duration.ofSeconds(30));
        try {
            blockUntil(client, System.nanoTime() + warmup.toNanos(), new Latencies(1 << 16));
            Latencies lat = new Latencies(1 << 22);
            CpuProbe caller = CpuProbe.currentThread();
            long s0 = probes.server().cpuNanos();
            long c0 = probes.sdkClient().cpuNanos() + caller.cpuNanos();
            long t0 = System.nanoTime();
            long n = blockUntil(client, t0 + measure.toNanos(), lat);
            long t1 = System.nanoTime();
            long c1 = probes.sdkClient().cpuNanos() + caller.cpuNanos();
            return result("sdk", 1, n, t1 - t0, lat, probes.server().cpuNanos() - s0, c1 - c0);
        } finally {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    private static long blockUntil(QmpClient client, long deadlineNanos, Latencies lat) {
        long n = 0;
        for (long start = System.nanoTime(); start < deadlineNanos; start = System.nanoTime()) {
            client.queryStatus().block(Duration.ofSeconds(30));
            lat.record(System.nanoTime() - start);
            n++;
        }
        return n;
    }

    private static Result result(String who, int window, long replies, long nanos, Latencies lat, long serverCpu, long clientCpu) {
        return new Result(who, window, replies, nanos / 1e9, lat.quantileMicros(0.5), lat.quantileMicros(0.99),
                serverCpu / (double) nanos, replies == 0 ? Double.NaN : clientCpu / 1000.0 / replies);
    }
}
