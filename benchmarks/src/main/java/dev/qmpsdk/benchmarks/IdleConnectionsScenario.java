package dev.qmpsdk.benchmarks;

import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Scenario 4 (idle part): many idle connections to one {@link FakeServerProcess} (a selector server in its own
 * JVM, so this JVM's heap holds the clients only). First the baseline: {@link RawHandshakes} connects and
 * negotiates every connection from one thread and keeps only the channels; then the SDK: the same number of
 * connections in one {@link QmpFleet} (one event-loop thread). Both connect {@value #PARALLEL} at a time; heap is
 * the live heap after full GCs, before and with the connections open.
 */
public final class IdleConnectionsScenario {
    static final int PARALLEL = 64;

    public record Result(int connections, double rawHeapPerConnection, double sdkHeapPerConnection, double rawConnectSeconds,
                         double sdkConnectSeconds) {
        public double sdkOwnHeapPerConnection() {
            return sdkHeapPerConnection - rawHeapPerConnection;
        }
    }

    private IdleConnectionsScenario() {}

    public static Result run(int connections) throws IOException, InterruptedException {
        Duration timeout = Duration.ofMinutes(5);
        try (FakeServerProcess server = FakeServerProcess.start()) {
            long heap0 = usedHeapAfterGc();
            long t0 = System.nanoTime();
            List<SocketChannel> raws = RawHandshakes.connectAll(server.socketPath(), connections, PARALLEL, timeout);
            long t1 = System.nanoTime();
            long heapRaw = usedHeapAfterGc();
            expectNegotiated(server, connections, "raw");
            for (SocketChannel ch : raws) {
                ch.close();
            }
            raws = null; // the channels are garbage from here on
            server.awaitConnections(0, Duration.ofSeconds(60));
            long heap1 = usedHeapAfterGc();
            QmpFleet fleet = QmpFleet.create();
            try {
                long t2 = System.nanoTime();
                Flux.range(0, connections)
                        .flatMap(i -> fleet.add("c" + i, QmpClientOptions.unix(server.socketPath()).build()), PARALLEL)
                        .blockLast(timeout);
                long t3 = System.nanoTime();
                long heapSdk = usedHeapAfterGc();
                expectNegotiated(server, connections, "sdk");
                return new Result(connections, (heapRaw - heap0) / (double) connections, (heapSdk - heap1) / (double) connections,
                        (t1 - t0) / 1e9, (t3 - t2) / 1e9);
            } finally {
                fleet.dispose();
            }
        }
    }

    private static void expectNegotiated(FakeServerProcess server, int connections, String who) {
        int negotiated = server.stats().negotiated();
        if (negotiated != connections) {
            throw new IllegalStateException(who + ": the fake server counts " + negotiated + " negotiated connections, expected " + connections);
        }
    }

    /**
     * Live heap: full GCs, then the heap pools' usage as the last collection left it. (Reading the current usage
     * instead would count whatever was allocated since, which under an event flood is hundreds of MB/s of garbage.)
     */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }
}
