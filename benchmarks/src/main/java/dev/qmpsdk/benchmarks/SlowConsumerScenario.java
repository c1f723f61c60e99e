package dev.qmpsdk.benchmarks;

import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;

/**
 * Scenario 5 (slow-consumer part): command latency (one {@code query-status} at a time) on one connection
 * before and during an event flood from a {@link FakeServerProcess}, first for the raw baseline (which reads
 * the events off the socket and ignores them, see {@link RawQmpClient#pipelineAmidEvents}), then for the SDK with
 * an event subscriber that takes {@code consumerMicros} per event (default buffer: 1,024, {@code DROP_OLDEST}).
 * A reply always waits behind the events already in the socket; the raw baseline shows how long that is, so the
 * SDK's own share of the latency increase can be told; the SDK with a subscriber that only counts, in the same
 * flood, shows what the slow subscriber itself adds. For the SDK it also counts the events dropped and reads the
 * live heap after full GCs before and during the flood.
 */
public final class SlowConsumerScenario {
    /** One client's latencies before and during the flood, and what it answered and read during the flood. */
    public record Side(String client, double quietP50, double quietP99, double floodP50, double floodP99, long commandsDuringFlood,
                       long eventsReadDuringFlood, double floodSeconds) {}

    /**
     * {@code sdkFast} is the same SDK connection and flood with a subscriber that only counts: the difference to
     * {@code sdk} is what the slow subscriber costs commands. {@code eventsDecoded} counts every event the SDK
     * decoded (slow run), also after the measurement, until the flood ended.
     */
    public record Result(int consumerMicros, Side raw, Side sdkFast, Side sdk, long eventsWritten, long eventsDecoded, long delivered,
                         long dropped, long heapBefore, long heapDuring) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SlowConsumerScenario() {}

    /**
     * @param floodEvents events written to the connection per flood; {@code Long.MAX_VALUE} floods for as long
     *     as the measurement runs
     */
    public static Result run(long floodEvents, int consumerMicros, Duration measure) throws IOException, InterruptedException {
        try (FakeServerProcess server = FakeServerProcess.start()) {
            Side raw = raw(server, floodEvents, measure);
            server.awaitConnections(0, TIMEOUT);
            return sdk(server, raw, floodEvents, consumerMicros, measure);
        }
    }

    private static Side raw(FakeServerProcess server, long floodEvents, Duration measure) throws IOException {
        try (RawQmpClient client = RawQmpClient.connect(server.socketPath())) {
            client.pipeline(1, measure.toNanos(), Long.MAX_VALUE, new Latencies(1 << 16)); // warm-up
            Latencies quiet = new Latencies(1 << 20);
            client.pipeline(1, measure.toNanos(), Long.MAX_VALUE, quiet);
            Latencies during = new Latencies(1 << 20);
            CompletableFuture<Long> flood = server.flood(floodEvents, "STOP");
            long t0 = System.nanoTime();
            long[] counts = client.pipelineAmidEvents(1, measure.toNanos(), during);
            long t1 = System.nanoTime();
            server.stopFloods(); // the rest is written to a closed socket, then the flood ends
            client.close();
            await(flood);
            return new Side("raw", quiet.quantileMicros(0.5), quiet.quantileMicros(0.99), during.quantileMicros(0.5),
                    during.quantileMicros(0.99), counts[0], counts[1], (t1 - t0) / 1e9);
        }
    }

    private static Result sdk(FakeServerProcess server, Side raw, long floodEvents, int consumerMicros, Duration measure)
            throws InterruptedException {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(server.socketPath()).build()).block(TIMEOUT);
        try {
            PipelineHarness.sdkPipeline(client, 1, measure.toNanos(), Long.MAX_VALUE, new Latencies(1 << 16)); // warm-up
            Latencies quiet = new Latencies(1 << 20);
            PipelineHarness.sdkPipeline(client, 1, measure.toNanos(), Long.MAX_VALUE, quiet);
            Side fast = countingSubscriber(server, client, floodEvents, measure);
            AtomicLong delivered = new AtomicLong();
            Disposable slow = client.events().subscribe(e -> {
                LockSupport.parkNanos(consumerMicros * 1000L);
                delivered.incrementAndGet();
            });
            try {
                long dropped0 = client.stats().droppedEvents();   // the counting subscriber's, if it fell behind
                Flood f = measureFlood(server, client, floodEvents, measure, true);
                Thread.sleep(200); // let the subscriber's buffer settle: what is left in it is at most its size
                Side sdk = f.side("sdk", quiet.quantileMicros(0.5), quiet.quantileMicros(0.99));
                return new Result(consumerMicros, raw, fast, sdk, f.written(), f.decoded(), delivered.get(),
                        client.stats().droppedEvents() - dropped0, f.heapBefore(), f.heapDuring());
            } finally {
                slow.dispose();
            }
        } finally {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    /** The same measurement with a subscriber that only counts; returns once the flood has ended. */
    private static Side countingSubscriber(FakeServerProcess server, QmpClient client, long floodEvents, Duration measure)
            throws InterruptedException {
        AtomicLong counted = new AtomicLong();
        Disposable counting = client.events().subscribe(e -> counted.incrementAndGet());
        try {
            return measureFlood(server, client, floodEvents, measure, false).side("sdk, counting subscriber", Double.NaN, Double.NaN);
        } finally {
            counting.dispose();
        }
    }

    /**
     * One flood as the SDK sees it: commands one at a time while the server floods, the live heap before and
     * during it (after full GCs) when asked, then the flood stopped and waited for until every event was decoded.
     * {@code decoded} counts every event decoded until then, {@code decodedDuring} those during the measurement.
     */
    private record Flood(Latencies during, long commands, long decodedDuring, double seconds, long written, long decoded,
                         long heapBefore, long heapDuring) {
        Side side(String client, double quietP50, double quietP99) {
            return new Side(client, quietP50, quietP99, during.quantileMicros(0.5), during.quantileMicros(0.99), commands,
                    decodedDuring, seconds);
        }
    }

    private static Flood measureFlood(FakeServerProcess server, QmpClient client, long floodEvents, Duration measure, boolean readHeap)
            throws InterruptedException {
        Latencies during = new Latencies(1 << 20); // allocated before the heap is read, not counted as growth
        long heapBefore = readHeap ? IdleConnectionsScenario.usedHeapAfterGc() : 0;
        long decoded0 = client.stats().eventsReceived();
        CompletableFuture<Long> flood = server.flood(floodEvents, "STOP");
        long t0 = System.nanoTime();
        long n = PipelineHarness.sdkPipeline(client, 1, measure.toNanos(), Long.MAX_VALUE, during);
        long t1 = System.nanoTime();
        long decodedDuring = client.stats().eventsReceived() - decoded0;
        long heapDuring = readHeap ? IdleConnectionsScenario.usedHeapAfterGc() : 0;
        server.stopFloods();
        long written = await(flood);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (client.stats().eventsReceived() - decoded0 < written && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new Flood(during, n, decodedDuring, (t1 - t0) / 1e9, written, client.stats().eventsReceived() - decoded0,
                heapBefore, heapDuring);
    }

    private static long await(CompletableFuture<Long> flood) {
        try {
            return flood.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the flood did not end", e);
        }
    }
}
