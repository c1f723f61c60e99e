package dev.qmpsdk.benchmarks;

import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientConfig;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.FakeQmpServer;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Scenario 5 (throughput part): fake servers flood data-less {@code STOP} events to many connections at once.
 * SDK: one {@link QmpFleet} (one event-loop thread), one subscriber to the merged typed stream {@code fleet.events()}.
 * Baseline: the same number of raw connections read by ONE thread with a {@link Selector}, counting messages with the
 * JSON depth scanner. The flood is written by one thread per fake server (each server writes to its connections in
 * turn, as fast as they are read).
 */
public final class FirehoseScenario {
    public record Result(String client, int connections, long expected, long delivered, long dropped, double seconds) {
        public double perSecond() {
            return delivered / seconds;
        }
    }

    private FirehoseScenario() {}

    public static List<Result> run(int connections, int perServer, int eventsPerConnection) throws IOException, InterruptedException {
        List<FakeQmpServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < (connections + perServer - 1) / perServer; i++) {
                servers.add(FakeQmpServer.startUnix());
            }
            List<Result> results = new ArrayList<>();
            results.add(raw(servers, connections, eventsPerConnection));
            for (FakeQmpServer s : servers) {
                s.awaitConnectionCount(0, Duration.ofSeconds(30));
            }
            results.add(sdk(servers, connections, eventsPerConnection));
            return results;
        } finally {
            servers.forEach(FakeQmpServer::close);
        }
    }

    private static List<Thread> flood(List<FakeQmpServer> servers, int eventsPerConnection) {
        List<Thread> threads = new ArrayList<>();
        for (FakeQmpServer s : servers) {
            Thread t = new Thread(() -> s.floodEvents(eventsPerConnection, "STOP"), "flood-" + s);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        return threads;
    }

    private static Result raw(List<FakeQmpServer> servers, int connections, int perConnection) throws IOException, InterruptedException {
        List<RawQmpClient> raws = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                RawQmpClient c = RawQmpClient.connect(servers.get(i % servers.size()).socketPath());
                raws.add(c);
                c.channel().configureBlocking(false);
                c.channel().register(selector, SelectionKey.OP_READ, c);
            }
            for (FakeQmpServer s : servers) {
                s.awaitConnectionCount(s.connectionCount(), Duration.ofSeconds(5));
            }
            long expected = (long) connections * perConnection;
            long count = 0;
            long t0 = System.nanoTime();
            long deadline = t0 + Duration.ofSeconds(120).toNanos();
            List<Thread> writers = flood(servers, perConnection);
            long last = t0;
            while (count < expected && System.nanoTime() < deadline) {
                if (selector.select(100) == 0) {
                    continue;
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    int n = ((RawQmpClient) k.attachment()).readAndCount();
                    if (n > 0) {
                        count += n;
                    }
                }
                selector.selectedKeys().clear();
                last = System.nanoTime();
            }
            for (Thread w : writers) {
                w.join(10_000);
            }
            return new Result("raw", connections, expected, count, 0, (last - t0) / 1e9);
        } finally {
            for (RawQmpClient c : raws) {
                c.close();
            }
        }
    }

    private static Result sdk(List<FakeQmpServer> servers, int connections, int perConnection) throws InterruptedException {
        QmpFleet fleet = QmpFleet.create();
        try {
            Flux.range(0, connections)
                    .flatMap(i -> fleet.add("c" + i, QmpClientConfig.unix(servers.get(i % servers.size()).socketPath())), 64)
                    .blockLast(Duration.ofMinutes(5));
            long expected = (long) connections * perConnection;
            AtomicLong delivered = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            Disposable sub = fleet.events().subscribe(e -> {
                delivered.incrementAndGet();
                lastAt.set(System.nanoTime());
            });
            try {
                long t0 = System.nanoTime();
                lastAt.set(t0);
                List<Thread> writers = flood(servers, perConnection);
                for (Thread w : writers) {
                    w.join(120_000);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long dropped = 0;
                while (System.nanoTime() < deadline) {
                    dropped = 0;
                    for (String id : fleet.vmIds()) {
                        QmpClient c = fleet.client(id);
                        if (c != null) {
                            dropped += c.stats().droppedEvents();
                        }
                    }
                    if (delivered.get() + dropped >= expected) {
                        break;
                    }
                    Thread.sleep(10);
                }
                return new Result("sdk", connections, expected, delivered.get(), dropped, (lastAt.get() - t0) / 1e9);
            } finally {
                sub.dispose();
            }
        } finally {
            fleet.dispose();
        }
    }
}
