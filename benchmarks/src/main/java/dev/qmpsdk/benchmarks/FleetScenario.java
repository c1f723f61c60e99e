package dev.qmpsdk.benchmarks;

import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Scenario 4 (fleet part): N real QEMU processes driven at once, {@code window} commands in flight on each.
 * SDK: one {@link QmpFleet}, i.e. ONE event-loop thread for all N connections. Baseline: one
 * {@link RawQmpClient} per VM, each on its own platform thread (the cheapest way to keep N blocking sockets busy).
 * The QEMUs are started {@value #START_PARALLEL} at a time and all killed at the end, whatever happened.
 */
public final class FleetScenario {
    static final int START_PARALLEL = 8;
    private static final Duration BARRIER_TIMEOUT = Duration.ofMinutes(2);
    private static final int CONNECT_ATTEMPTS = 100;
    private static final Duration CONNECT_RETRY_DELAY = Duration.ofMillis(50);

    /**
     * One client's run on one fleet; {@code qemuStartSeconds} (starting them all) and {@code qemuRssMiB} (their
     * resident memory in all, once started) describe the fleet, the same for both clients.
     */
    public record Result(String client, int vms, int window, long replies, double seconds, double clientCpuMicrosPerCommand,
                         double qemuCpuShare, double qemuStartSeconds, double qemuRssMiB) {
        public double perSecond() {
            return replies / seconds;
        }
    }

    private FleetScenario() {}

    public static List<Result> run(int vms, int window, Duration warmup, Duration measure, long maxCommandsPerVm) {
        List<QemuProcess> qemus = Collections.synchronizedList(new ArrayList<>());
        try {
            long t0 = System.nanoTime();
            startAll(vms, qemus);
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            double rssMiB = qemus.stream().mapToLong(q -> residentKiB(q.pid())).sum() / 1024.0;
            CpuProbe qemuCpu = () -> qemus.stream().mapToLong(q -> CpuProbe.process(q.pid()).cpuNanos()).sum();
            List<Result> results = new ArrayList<>();
            Result raw;
            Result sdk;
            try {
                raw = raw(qemus, window, warmup, measure, maxCommandsPerVm, qemuCpu);
                sdk = sdk(qemus, window, warmup, measure, maxCommandsPerVm, qemuCpu);
            } catch (RuntimeException e) {
                throw qemuDied(qemus).<RuntimeException>map(died -> new QemuDiedException(died, e)).orElse(e);
            }
            for (Result r : List.of(raw, sdk)) {
                results.add(new Result(r.client(), r.vms(), r.window(), r.replies(), r.seconds(), r.clientCpuMicrosPerCommand(),
                        r.qemuCpuShare(), startSeconds, rssMiB));
            }
            return results;
        } finally {
            closeAll(qemus);
        }
    }

    /**
     * A QEMU of the fleet exited during the run. QEMU 7.2 has been seen to segfault (a NULL dereference, in
     * {@code dmesg}) under this load now and then; the suite runs the scenario again on fresh processes.
     */
    public static final class QemuDiedException extends IllegalStateException {
        QemuDiedException(String which, Throwable symptom) {
            super(which + " during the fleet run (first symptom: " + symptom.getMessage() + ")", symptom);
        }
    }

    private static java.util.Optional<String> qemuDied(List<QemuProcess> qemus) {
        synchronized (qemus) {
            return qemus.stream().filter(q -> !q.isAlive()).findFirst()
                    .map(q -> "QEMU pid " + q.pid() + " exited with code " + q.exitCode()
                            + (q.exitCode() == 139 ? " (SIGSEGV)" : ""));
        }
    }

    /** Starts {@code vms} QEMUs, {@value #START_PARALLEL} at a time, adding each to {@code into} as soon as it runs. */
    private static void startAll(int vms, List<QemuProcess> into) {
        ExecutorService starters = Executors.newFixedThreadPool(START_PARALLEL, r -> {
            Thread t = new Thread(r, "qemu-starter");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                started.add(starters.submit(() -> into.add(QemuProcess.builder().qmpUnixSocket().start())));
            }
            for (Future<?> f : started) {
                f.get(); // the first failure (QEMU exited, did not listen in time) ends the scenario; closeAll cleans up
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("starting " + vms + " QEMUs failed after " + into.size() + " started: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting QEMUs", e);
        } finally {
            starters.shutdownNow();
            try {
                // a start still in flight adds its process after shutdownNow: wait, so that closeAll sees it
                starters.awaitTermination(QemuProcess.DEFAULT_START_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * QEMU's monitor listens with a backlog of one and notices that the previous client (the start-up probe, or
     * the raw client before the SDK's turn) has gone only when its main loop gets to it; on a loaded machine with
     * 100 QEMUs a connection may be refused meanwhile. Both clients therefore retry connecting, the same way.
     */
    private static RawQmpClient connectRetrying(Path socket) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return RawQmpClient.connect(socket);
            } catch (ConnectException e) {
                if (attempt == CONNECT_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(CONNECT_RETRY_DELAY.toMillis());
            }
        }
    }

    /** Kills every QEMU, each independently of the others' failures. */
    private static void closeAll(List<QemuProcess> qemus) {
        synchronized (qemus) {
            for (QemuProcess q : qemus) {
                try {
                    q.close();
                } catch (RuntimeException e) {
                    System.err.println("could not close " + q + ": " + e);
                }
            }
        }
    }

    /** Resident memory of a process in KiB ({@code VmRSS} from /proc), 0 when unknown. */
    static long residentKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return 0;
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
                // every thread reaches both barriers, failed or not, so that a failure is reported instead of a hang
                RawQmpClient c = null;
                try {
                    try {
                        c = connectRetrying(q.socketPath());
                        c.pipeline(window, warmup.toNanos(), max, new Latencies(1));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    ready.await(BARRIER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    if (c != null) {
                        CpuProbe me = CpuProbe.currentThread();
                        long c0 = me.cpuNanos();
                        replies.addAndGet(c.pipeline(window, measure.toNanos(), max, new Latencies(1)));
                        clientCpu[idx] = me.cpuNanos() - c0;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    try {
                        if (c != null) {
                            c.close();
                        }
                        done.await(BARRIER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // the main thread reports failures
                    }
                }
            }, "raw-fleet-" + i);
            threads.add(t);
            t.start();
        }
        try {
            ready.await(BARRIER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            window0[0] = System.nanoTime();
            long q0 = qemuCpu.cpuNanos();
            done.await(BARRIER_TIMEOUT.toSeconds() + measure.toSeconds(), TimeUnit.SECONDS);
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
            return new Result("raw", qemus.size(), window, replies.get(), nanos / 1e9, cpu / 1000.0 / replies.get(), (q1 - q0) / nanos, 0, 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result sdk(List<QemuProcess> qemus, int window, Duration warmup, Duration measure, long max, CpuProbe qemuCpu) {
        QmpFleet fleet = QmpFleet.create();
        try {
            Flux.range(0, qemus.size())
                    .flatMap(i -> Mono.defer(() -> fleet.add("vm-" + i, QmpClientOptions.unix(qemus.get(i).socketPath()).build()))
                            .retryWhen(Retry.fixedDelay(CONNECT_ATTEMPTS, CONNECT_RETRY_DELAY)))
                    .blockLast(Duration.ofSeconds(60));
            drive(fleet, qemus.size(), window, warmup, max);
            CpuProbe loop = CpuProbe.threads(n -> n.startsWith("qmp-fleet"));
            long c0 = loop.cpuNanos();
            long q0 = qemuCpu.cpuNanos();
            long t0 = System.nanoTime();
            long n = drive(fleet, qemus.size(), window, measure, max);
            long t1 = System.nanoTime();
            return new Result("sdk", qemus.size(), window, n, (t1 - t0) / 1e9, (loop.cpuNanos() - c0) / 1000.0 / n,
                    (qemuCpu.cpuNanos() - q0) / (double) (t1 - t0), 0, 0);
        } finally {
            fleet.dispose();
        }
    }

    private static long drive(QmpFleet fleet, int vms, int window, Duration duration, long max) {
        long deadline = System.nanoTime() + duration.toNanos();
        // Every VM's lanes are started from this thread; completions start the next command on the fleet's loop.
        Latencies ignored = new Latencies(1 << 10);
        List<InFlight> perVm = new ArrayList<>();
        for (int vm = 0; vm < vms; vm++) {
            String id = "vm-" + vm;
            perVm.add(InFlight.start(() -> fleet.vm(id).execute(QmpCommands.QUERY_STATUS, null), window, deadline, max, ignored));
        }
        long n = 0;
        for (InFlight f : perVm) {
            n += f.await();
        }
        return n;
    }

}
