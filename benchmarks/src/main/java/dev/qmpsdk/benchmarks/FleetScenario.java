package dev.qmpsdk.benchmarks;

import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.reactive.QmpClientConfig;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.QemuProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * Scenario 4 (fleet part): N real QEMU processes driven at once, {@code window} commands in flight on each.
 * SDK: one {@link QmpFleet}, i.e. ONE event-loop thread for all N connections. Baseline: one
 * {@link RawQmpClient} per VM, each on its own platform thread (the cheapest way to keep N blocking sockets busy).
 */
public final class FleetScenario {
    public record Result(String client, int vms, int window, long replies, double seconds, double clientCpuMicrosPerCommand,
                         double qemuCpuShare) {
        public double perSecond() {
            return replies / seconds;
        }
    }

    private FleetScenario() {}

    public static List<Result> run(int vms, int window, Duration warmup, Duration measure, long maxCommandsPerVm) {
        List<QemuProcess> qemus = new ArrayList<>();
        try {
            for (int i = 0; i < vms; i++) {
                qemus.add(QemuProcess.builder().qmpUnixSocket().start());
            }
            CpuProbe qemuCpu = () -> qemus.stream().mapToLong(q -> CpuProbe.process(q.pid()).cpuNanos()).sum();
            List<Result> results = new ArrayList<>();
            results.add(raw(qemus, window, warmup, measure, maxCommandsPerVm, qemuCpu));
            results.add(sdk(qemus, window, warmup, measure, maxCommandsPerVm, qemuCpu));
            return results;
        } finally {
            qemus.forEach(QemuProcess::close);
        }
    }

    private static Result raw(List<QemuProcess> qemus, int window, Duration warmup, Duration measure, long max, CpuProbe qemuCpu) {
        AtomicLong replies = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long[] clientCpu = new long[qemus.size()];
        long[] window0 = new long[2];
        java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(qemus.size() + 1);
        java.util.concurrent.CyclicBarrier done = new java.util.concurrent.CyclicBarrier(qemus.size() + 1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < qemus.size(); i++) {
            int idx = i;
            QemuProcess q = qemus.get(i);
            Thread t = new Thread(() -> {
                try (RawQmpClient c = RawQmpClient.connect(q.socketPath())) {
                    c.pipeline(window, warmup.toNanos(), max, new Latencies(1));
                    ready.await();
                    CpuProbe me = CpuProbe.currentThread();
                    long c0 = me.cpuNanos();
                    replies.addAndGet(c.pipeline(window, measure.toNanos(), max, new Latencies(1)));
                    clientCpu[idx] = me.cpuNanos() - c0;
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    try {
                        done.await();
                    } catch (Exception ignored) {
                        // the main thread reports failures
                    }
                }
            }, "raw-fleet-" + i);
            threads.add(t);
            t.start();
        }
        try {
            ready.await();
            window0[0] = System.nanoTime();
            long q0 = qemuCpu.cpuNanos();
            done.await();
            window0[1] = System.nanoTime();
            long q1 = qemuCpu.cpuNanos();
            if (!failures.isEmpty()) {
                throw new IllegalStateException("raw fleet client failed", failures.get(0));
            }
            long cpu = 0;
            for (long c : clientCpu) {
                cpu += c;
            }
            double nanos = window0[1] - window0[0];
            return new Result("raw", qemus.size(), window, replies.get(), nanos / 1e9, cpu / 1000.0 / replies.get(), (q1 - q0) / nanos);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result sdk(List<QemuProcess> qemus, int window, Duration warmup, Duration measure, long max, CpuProbe qemuCpu) {
        QmpFleet fleet = QmpFleet.create();
        try {
            Flux.range(0, qemus.size())
                    .flatMap(i -> fleet.add("vm-" + i, QmpClientConfig.unix(qemus.get(i).socketPath())))
                    .blockLast(Duration.ofSeconds(60));
            drive(fleet, qemus.size(), window, warmup, max);
            CpuProbe loop = CpuProbe.threads(n -> n.startsWith("qmp-fleet"));
            long c0 = loop.cpuNanos();
            long q0 = qemuCpu.cpuNanos();
            long t0 = System.nanoTime();
            long n = drive(fleet, qemus.size(), window, measure, max);
            long t1 = System.nanoTime();
            return new Result("sdk", qemus.size(), window, n, (t1 - t0) / 1e9, (loop.cpuNanos() - c0) / 1000.0 / n,
                    (qemuCpu.cpuNanos() - q0) / (double) (t1 - t0));
        } finally {
            fleet.dispose();
        }
    }

    private static long drive(QmpFleet fleet, int vms, int window, Duration duration, long max) {
        long deadline = System.nanoTime() + duration.toNanos();
        Long n = Flux.range(0, vms)
                .flatMap(vm -> Flux.range(0, (int) Math.min(Integer.MAX_VALUE, max))
                        .takeWhile(i -> System.nanoTime() < deadline)
                        .flatMap(i -> fleet.execute("vm-" + vm, QmpCommands.QUERY_STATUS, null), window)
                        .count(), vms)
                .reduce(0L, Long::sum)
                .block(duration.plusSeconds(60));
        return n == null ? 0 : n;
    }

}
