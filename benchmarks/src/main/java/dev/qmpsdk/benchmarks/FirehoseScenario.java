package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.fake.FrameScanner;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Scenario 5 (throughput part): a {@link FakeServerProcess} (one selector thread in its own JVM) floods
 * data-less {@code STOP} events to many connections at once, each as fast as it is read. SDK: one
 * {@link QmpFleet} (one event-loop thread), one subscriber to the merged typed stream {@code fleet.events()}.
 * Baseline: the same number of connections read by ONE thread with a {@link Selector}, counting messages with a
 * {@link FrameScanner}. Client CPU is this whole JVM's (event loop, delivery threads, GC, JIT), per event.
 * Each client first reads one unmeasured flood of the same size, so that the JIT has compiled its paths: without
 * it the SDK's measured flood ran while C2 took most of a core of the two.
 */
public final class FirehoseScenario {
    public record Result(String client, int connections, long expected, long delivered, long dropped, double seconds,
                         double clientCpuMicrosPerEvent, double serverCpuShare) {
        public double perSecond() {
            return delivered / seconds;
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private FirehoseScenario() {}

    public static List<Result> run(int connections, int eventsPerConnection) throws IOException, InterruptedException {
        try (FakeServerProcess server = FakeServerProcess.start()) {
            List<Result> results = new ArrayList<>();
            results.add(raw(server, connections, eventsPerConnection));
            server.awaitConnections(0, Duration.ofSeconds(60));
            results.add(sdk(server, connections, eventsPerConnection));
            return results;
        }
    }

    private static Result raw(FakeServerProcess server, int connections, int perConnection) throws IOException, InterruptedException {
        List<SocketChannel> channels = RawHandshakes.connectAll(server.socketPath(), connections, IdleConnectionsScenario.PARALLEL, TIMEOUT);
        try (Selector selector = Selector.open()) {
            for (SocketChannel ch : channels) {
                ch.register(selector, SelectionKey.OP_READ, new FrameScanner());
            }
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
            readFlood(server, selector, in, connections, perConnection);   // warm-up: same flood, not measured
            CpuProbe client = CpuProbe.process(ProcessHandle.current().pid());
            long c0 = client.cpuNanos();
            long s0 = server.cpu().cpuNanos();
            long t0 = System.nanoTime();
            long count = readFlood(server, selector, in, connections, perConnection);
            long t1 = System.nanoTime();
            return new Result("raw", connections, count, count, 0, (t1 - t0) / 1e9, (client.cpuNanos() - c0) / 1000.0 / count,
                    (server.cpu().cpuNanos() - s0) / (double) (t1 - t0));
        } finally {
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
    }

    /** Floods every connection and reads until all of it arrived; returns the number of events read. */
    private static long readFlood(FakeServerProcess server, Selector selector, ByteBuffer in, int connections, int perConnection)
            throws IOException {
        long expected = (long) connections * perConnection;
        CompletableFuture<Long> flood = server.flood(perConnection, "STOP");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long count = 0;
        while (count < expected && System.nanoTime() < deadline) {
            if (selector.select(100) == 0) {
                continue;
            }
            for (SelectionKey k : selector.selectedKeys()) {
                in.clear();
                int n = ((SocketChannel) k.channel()).read(in);
                if (n < 0) {
                    throw new EOFException("the fake server closed a connection during the flood");
                }
                FrameScanner scanner = (FrameScanner) k.attachment();
                for (int i = 0; i < n; i++) {
                    if (scanner.feed(in.get(i))) {
                        count++;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        long written = await(flood);
        if (count != expected || written != expected) {
            throw new IllegalStateException("raw firehose: read " + count + " events, the server wrote " + written + ", expected " + expected);
        }
        return count;
    }

    private static Result sdk(FakeServerProcess server, int connections, int perConnection) throws InterruptedException {
        QmpFleet fleet = QmpFleet.create();
        try {
            Flux.range(0, connections)
                    .flatMap(i -> fleet.add("c" + i, QmpClientOptions.unix(server.socketPath()).build()), IdleConnectionsScenario.PARALLEL)
                    .blockLast(TIMEOUT);
            AtomicLong delivered = new AtomicLong();
            AtomicLong lastAt = new AtomicLong();
            Disposable sub = fleet.events().subscribe(e -> {
                delivered.incrementAndGet();
                lastAt.set(System.nanoTime());
            });
            try {
                new SdkFlood(server, fleet, delivered, lastAt).run(connections, perConnection);   // warm-up, not measured
                return new SdkFlood(server, fleet, delivered, lastAt).run(connections, perConnection);
            } finally {
                sub.dispose();
            }
        } finally {
            fleet.dispose();
        }
    }

    /** One flood into a connected fleet, waited for until every event was delivered or counted as dropped. */
    private record SdkFlood(FakeServerProcess server, QmpFleet fleet, AtomicLong delivered, AtomicLong lastAt) {
        Result run(int connections, int perConnection) throws InterruptedException {
            long expected = (long) connections * perConnection;
            long delivered0 = delivered.get();
            long dropped0 = droppedSoFar();
            CpuProbe client = CpuProbe.process(ProcessHandle.current().pid());
            long c0 = client.cpuNanos();
            long s0 = server.cpu().cpuNanos();
            long t0 = System.nanoTime();
            lastAt.set(t0);
            CompletableFuture<Long> flood = server.flood(perConnection, "STOP");
            long deadline = t0 + TIMEOUT.toNanos();
            long got = 0;
            long dropped = 0;
            while (System.nanoTime() < deadline) {
                got = delivered.get() - delivered0;
                dropped = droppedSoFar() - dropped0;
                if (got + dropped >= expected) {
                    break;
                }
                Thread.sleep(10);
            }
            long t1 = lastAt.get();
            long cpu = client.cpuNanos() - c0;
            long serverCpu = server.cpu().cpuNanos() - s0;
            long written = await(flood);
            if (written != expected || got + dropped != expected) {
                throw new IllegalStateException("sdk firehose: delivered " + got + " + dropped " + dropped
                        + ", the server wrote " + written + ", expected " + expected);
            }
            return new Result("sdk", connections, expected, got, dropped, (t1 - t0) / 1e9, cpu / 1000.0 / expected,
                    serverCpu / (double) (t1 - t0));
        }

        private long droppedSoFar() {
            long dropped = 0;
            for (String id : fleet.vmIds()) {
                dropped += fleet.vm(id).stats().droppedEvents();
            }
            return dropped;
        }
    }

    private static long await(CompletableFuture<Long> flood) {
        try {
            return flood.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the flood did not complete", e);
        }
    }
}
