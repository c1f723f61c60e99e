package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.PipelineHarness.Result;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Scenario 6, one command at a time: {@code client.queryStatus().block()} in a loop against four baselines with one
 * command in flight, all on one real QEMU at once, each on its own monitor: the raw client blocking in its read
 * ({@code raw}, ids counting up), the same sending the SDK's bytes, no id ({@code raw-no-id}), the raw client waiting in a
 * selector as an event loop does ({@code raw-selector}), and the SDK's thread model without the SDK
 * ({@link BareNettyClient}, {@code bare-netty}).
 *
 * <p>The clients take turns in short blocks of {@value #BLOCK} commands (about 50 ms each) for the whole measured
 * time, the first of each cycle rotating. On this 2-core machine a client measured for seconds on its own moved by
 * ±10 % from one run to the next with the machine's state, which hid differences of a few per cent; taking turns this
 * fast, all of them see the same machine, and their ratio is what is left. Each client's time, commands, latencies and
 * CPU are summed over its own blocks only.
 */
final class SequentialRounds {
    /** The clients, in the order each round's results are returned. */
    static final List<String> CLIENTS = List.of("raw", "raw-no-id", "raw-selector", "bare-netty", "sdk");
    static final int BLOCK = 100;

    private SequentialRounds() {}

    /** One client's connection and what its blocks have added up to so far. */
    private abstract static class Turn implements AutoCloseable {
        final String name;
        final Latencies latencies = new Latencies(1 << 20);
        long commands;
        long nanos;
        long clientCpu;
        long serverCpu;

        Turn(String name) {
            this.name = name;
        }

        /** Runs {@code n} commands one at a time, recording each one's latency. */
        void run(int n, Latencies into) throws IOException {
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                queryStatus();
                into.record(System.nanoTime() - start);
            }
        }

        /** One {@code query-status}, returning once its reply is in. */
        abstract void queryStatus() throws IOException;

        /** CPU time of this client's threads so far. */
        abstract long cpuNanos();

        void measuredBlock(CpuProbe server) throws IOException {
            long s0 = server.cpuNanos();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            run(BLOCK, latencies);
            nanos += System.nanoTime() - t0;
            clientCpu += cpuNanos() - c0;
            serverCpu += server.cpuNanos() - s0;
            commands += BLOCK;
        }

        Result result() {
            return new Result(name, 1, commands, nanos / 1e9, latencies.quantileMicros(0.5), latencies.quantileMicros(0.99),
                    serverCpu / (double) nanos, commands == 0 ? Double.NaN : clientCpu / 1000.0 / commands);
        }
    }

    private static final class Raw extends Turn {
        private final RawQmpClient client;
        private final CpuProbe cpu = CpuProbe.currentThread();

        Raw(String name, Path socket, boolean inSelector, boolean withIds) throws IOException {
            super(name);
            client = RawQmpClient.connect(socket);
            if (inSelector) {
                client.waitInSelector();
            }
            if (!withIds) {
                client.withoutIds();
            }
        }

        /** The raw client's own loop, which times each reply from its request's write. */
        @Override
        void run(int n, Latencies into) throws IOException {
            client.pipeline(1, Long.MAX_VALUE / 4, n, into);
        }

        @Override
        void queryStatus() throws IOException {
            run(1, new Latencies(1));
        }

        @Override
        long cpuNanos() {
            return cpu.cpuNanos();
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    private static final class Sdk extends Turn {
        private final QmpClient client;
        private final CpuProbe caller = CpuProbe.currentThread();

        Sdk(Path socket) {
            super("sdk");
            client = QmpClient.connect(QmpClientOptions.unix(socket).build()).block(Duration.ofSeconds(30));
        }

        @Override
        void queryStatus() {
            client.queryStatus().block(Duration.ofSeconds(30));
        }

        @Override
        long cpuNanos() {
            return Scenarios.SDK_LOOP.cpuNanos() + caller.cpuNanos();
        }

        @Override
        public void close() {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    private static final class BareNetty extends Turn {
        private final BareNettyClient client;
        private final CpuProbe threads = CpuProbe.threads(n -> n.startsWith(BareNettyClient.LOOP_THREAD));
        private final CpuProbe caller = CpuProbe.currentThread();

        BareNetty(Path socket) throws IOException {
            super("bare-netty");
            client = BareNettyClient.connect(socket);
        }

        @Override
        void queryStatus() throws IOException {
            client.queryStatus();
        }

        @Override
        long cpuNanos() {
            return threads.cpuNanos() + caller.cpuNanos();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /**
     * {@code rounds} rounds on one QEMU with five monitors, each round with fresh connections, warmed up for
     * {@code warmup} (taking turns too), then measured for about {@code measure} per client.
     *
     * @return per round the results of {@link #CLIENTS}, in that order
     */
    static List<Result> run(int rounds, Duration warmup, Duration measure) {
        try {
            Path dir = Files.createTempDirectory("qmp-sequential");
            Path rawSocket = dir.resolve("raw.sock");
            Path rawNoIdSocket = dir.resolve("raw-no-id.sock");
            Path selectorSocket = dir.resolve("selector.sock");
            Path bareNettySocket = dir.resolve("bare-netty.sock");
            List<Path> baselineSockets = List.of(rawSocket, rawNoIdSocket, selectorSocket, bareNettySocket);
            List<String> monitors = new ArrayList<>();
            for (Path socket : baselineSockets) {
                monitors.addAll(List.of("-qmp", "unix:" + socket + ",server=on,wait=off"));
            }
            try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().extraArgs(monitors.toArray(String[]::new)).start()) {
                awaitSockets(baselineSockets);
                CpuProbe server = CpuProbe.process(qemu.pid());
                List<Result> results = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    try (Raw raw = new Raw("raw", rawSocket, false, true);
                         Raw rawNoId = new Raw("raw-no-id", rawNoIdSocket, false, false);
                         Raw selector = new Raw("raw-selector", selectorSocket, true, true);
                         BareNetty bareNetty = new BareNetty(bareNettySocket);
                         Sdk sdk = new Sdk(qemu.socketPath())) {
                        List<Turn> turns = List.of(raw, rawNoId, selector, bareNetty, sdk);
                        takeTurns(turns, warmup.multipliedBy(turns.size()), null);
                        takeTurns(turns, measure.multipliedBy(turns.size()), server);
                        for (Turn t : turns) {
                            results.add(t.result());
                        }
                    }
                }
                return results;
            } finally {
                for (Path socket : baselineSockets) {
                    Files.deleteIfExists(socket);
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** QEMU creates its monitors' sockets one after the other; the testkit waits for the first only. */
    private static void awaitSockets(List<Path> sockets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Path socket : sockets) {
            while (!Files.exists(socket)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("QEMU did not create its monitor socket " + socket + " within 10 s");
                }
                Thread.sleep(10);
            }
        }
    }

    /** Blocks of each client in turn, the first of each cycle rotating, until {@code total} has passed; measured when a probe is given. */
    private static void takeTurns(List<Turn> turns, Duration total, @Nullable CpuProbe server) throws IOException {
        long deadline = System.nanoTime() + total.toNanos();
        for (int cycle = 0; System.nanoTime() < deadline; cycle++) {
            for (int i = 0; i < turns.size(); i++) {
                Turn t = turns.get((cycle + i) % turns.size());
                if (server != null) {
                    t.measuredBlock(server);
                } else {
                    t.run(BLOCK, new Latencies(BLOCK));
                }
            }
        }
    }
}
