package dev.qmpsdk.benchmarks;

import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientConfig;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Disposable;

/**
 * Scenario 5 (slow-consumer part): one SDK connection, a fake server flooding it with events, and an event
 * subscriber that takes {@code consumerMicros} per event. Measures command latency (one {@code query-status} at a
 * time) without and during the flood, events dropped by the subscriber's bounded buffer (default config: 1,024,
 * {@code DROP_OLDEST}) and the used heap after a full GC before and during the flood.
 */
public final class SlowConsumerScenario {
    public record Result(int floodEvents, int consumerMicros, double quietP50, double quietP99, double floodP50, double floodP99,
                         long commandsDuringFlood, long eventsDecoded, long delivered, long dropped, long heapBefore, long heapDuring) {}

    private SlowConsumerScenario() {}

    public static Result run(int floodEvents, int consumerMicros, Duration measure) throws InterruptedException {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            server.on("query-status", Reply.ok(Scenarios.STATUS));
            QmpClient client = QmpClient.connect(QmpClientConfig.unix(server.socketPath())).block(Duration.ofSeconds(30));
            try {
                PipelineHarness.sdkPipeline(client, 1, measure.toNanos(), Long.MAX_VALUE, new Latencies(1 << 16)); // warm-up
                Latencies quiet = new Latencies(1 << 20);
                PipelineHarness.sdkPipeline(client, 1, measure.toNanos(), Long.MAX_VALUE, quiet);
                AtomicLong delivered = new AtomicLong();
                Disposable slow = client.events().subscribe(e -> {
                    LockSupport.parkNanos(consumerMicros * 1000L);
                    delivered.incrementAndGet();
                });
                try {
                    Latencies during = new Latencies(1 << 20); // allocated before the heap is read, not counted as growth
                    long heapBefore = IdleConnectionsScenario.usedHeapAfterGc();
                    long decoded0 = client.stats().eventsReceived();
                    Thread flood = new Thread(() -> server.floodEvents(floodEvents, "STOP"), "slow-consumer-flood");
                    flood.setDaemon(true);
                    flood.start();
                    long n = PipelineHarness.sdkPipeline(client, 1, measure.toNanos(), Long.MAX_VALUE, during);
                    long heapDuring = IdleConnectionsScenario.usedHeapAfterGc();
                    flood.join(60_000);
                    // let the subscriber's buffer settle: what is left in it is at most its size
                    Thread.sleep(200);
                    return new Result(floodEvents, consumerMicros, quiet.quantileMicros(0.5), quiet.quantileMicros(0.99),
                            during.quantileMicros(0.5), during.quantileMicros(0.99), n,
                            client.stats().eventsReceived() - decoded0, delivered.get(), client.stats().droppedEvents(),
                            heapBefore, heapDuring);
                } finally {
                    slow.dispose();
                }
            } finally {
                client.close().block(Duration.ofSeconds(10));
            }
        }
    }
}
