package dev.qmpsdk.benchmarks;

import dev.qmpsdk.reactive.QmpClientConfig;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.FakeQmpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Scenario 4 (idle part): many idle connections to fake servers. Heap is measured after full GCs, first with raw
 * connections (which keep nothing on the Java heap but a {@code SocketChannel}), then with SDK connections in one
 * {@link QmpFleet} (one event-loop thread); both include the fake servers' own per-connection heap, so the SDK's
 * cost per connection is the difference of the two.
 */
public final class IdleConnectionsScenario {
    public record Result(int connections, double rawHeapPerConnection, double sdkHeapPerConnection, double sdkConnectSeconds) {
        public double sdkOwnHeapPerConnection() {
            return sdkHeapPerConnection - rawHeapPerConnection;
        }
    }

    private IdleConnectionsScenario() {}

    public static Result run(int connections, int perServer) throws IOException, InterruptedException {
        List<FakeQmpServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < (connections + perServer - 1) / perServer; i++) {
                servers.add(FakeQmpServer.startUnix());
            }
            long heap0 = usedHeapAfterGc();
            List<RawQmpClient> raws = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                raws.add(RawQmpClient.connect(servers.get(i % servers.size()).socketPath()));
            }
            long heapRaw = usedHeapAfterGc();
            for (RawQmpClient r : raws) {
                r.close();
            }
            raws.clear();
            for (FakeQmpServer s : servers) {
                s.awaitConnectionCount(0, Duration.ofSeconds(30));
            }
            long heap1 = usedHeapAfterGc();
            QmpFleet fleet = QmpFleet.create();
            try {
                long t0 = System.nanoTime();
                Flux.range(0, connections)
                        .flatMap(i -> fleet.add("c" + i, QmpClientConfig.unix(servers.get(i % servers.size()).socketPath())), 64)
                        .blockLast(Duration.ofMinutes(5));
                long t1 = System.nanoTime();
                long heapSdk = usedHeapAfterGc();
                return new Result(connections, (heapRaw - heap0) / (double) connections, (heapSdk - heap1) / (double) connections,
                        (t1 - t0) / 1e9);
            } finally {
                fleet.dispose();
            }
        } finally {
            servers.forEach(FakeQmpServer::close);
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
