package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.PipelineHarness.Result;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and writes the markdown report; {@link SuiteOptions#USAGE} lists the options.
 *
 * <pre>
 * java -jar benchmarks/target/qmp-benchmarks.jar                            # full suite, writes ./BENCHMARKS.md
 * java -jar benchmarks/target/qmp-benchmarks.jar --smoke                    # every scenario at tiny scale; no report
 * java -jar benchmarks/target/qmp-benchmarks.jar --only idle,firehose       # some scenarios; numbers on stdout
 * </pre>
 */
public final class BenchmarkMain {
    static final int JMH_WARMUP_ITERATIONS = 8;
    /** Extra SDK/raw pairs at 256 in flight in scenarios 2 and 3, whose targets are judged on their median. */
    static final int ROUNDS = 5;
    static final int JMH_MEASUREMENT_ITERATIONS = 5;

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(SuiteOptions.USAGE);
            return;
        }
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(SuiteOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.smoke()) {
            smoke(QemuProcess.binary().isPresent());
            System.out.println("smoke: every scenario ran; SDK and baseline agree on counts");
            System.exit(0);
        }
        full(options, QemuProcess.binary().isPresent());
        System.exit(0); // reactor-netty's shared loop threads are daemons, but do not wait for stragglers
    }

    /** Every implemented scenario at tiny scale; fails when something does not complete or counts disagree. */
    public static void smoke(boolean withQemu) throws IOException, InterruptedException {
        smokeWithoutQemu();
        if (withQemu) {
            smokeWithQemu();
        }
    }

    /** The scenarios against a real QEMU at tiny scale (the benchmarks' integration test). */
    public static void smokeWithQemu() throws IOException, InterruptedException {
        SmokeCodec.runSchemaReply();
        Duration cap = Duration.ofSeconds(20);
        requireReplies("sequential QEMU smoke", Scenarios.sequentialQemuRounds(1, Duration.ofMillis(100), Duration.ofMillis(200)),
                SequentialRounds.CLIENTS.size());
        Scenarios.qemu(Duration.ofSeconds(20), cap, 100);
        for (FleetScenario.Result r : FleetScenario.run(2, 16, cap, cap, 100)) {
            if (r.replies() != 200) {
                throw new IllegalStateException("fleet smoke: " + r.client() + " counted " + r.replies() + ", expected 200");
            }
        }
    }

    /** Every scenario that needs no QEMU, at tiny scale. */
    public static void smokeWithoutQemu() throws IOException, InterruptedException {
        SmokeCodec.run();
        Duration cap = Duration.ofSeconds(20);
        Scenarios.fakeServer(Duration.ofSeconds(20), cap, 300);
        IdleConnectionsScenario.run(20); // checks the server's count of negotiated connections itself
        FirehoseScenario.run(10, 200);   // checks delivered + dropped against what the server wrote
        SlowConsumerScenario.Result slow = SlowConsumerScenario.run(5_000, 100, Duration.ofMillis(200));
        if (slow.raw().commandsDuringFlood() == 0 || slow.sdk().commandsDuringFlood() == 0 || slow.eventsWritten() != 5_000
                || slow.eventsDecoded() != 5_000) {
            throw new IllegalStateException("slow-consumer smoke: " + slow);
        }
        requireReplies("user pipeline smoke", Scenarios.userPipelineRounds(1, Duration.ofMillis(100), Duration.ofMillis(200)), 2);
        for (ObservabilityScenario.Run r : ObservabilityScenario.run(1, Duration.ofMillis(100), Duration.ofMillis(200))) {
            if (r.pipelined().replies() == 0 || r.sequential().replies() == 0) {
                throw new IllegalStateException("observability smoke: " + r);
            }
        }
        KafkaScenario.run(500, Duration.ofMillis(300));   // checks every event arrived and every command answered itself
    }

    /** Scenario 6 at tiny scale: one round of {@code clients} clients, each of which got replies (time-bound: no exact count). */
    private static void requireReplies(String what, List<Result> round, int clients) {
        if (round.size() != clients || round.stream().anyMatch(r -> r.replies() == 0)) {
            throw new IllegalStateException(what + ": " + round);
        }
    }

    static void full(SuiteOptions o, boolean qemuInstalled) throws Exception {
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        boolean withQemu = qemuInstalled && (o.runs("qemu") || o.runs("fleet"));
        Map<String, double[]> codec = o.runs("codec") ? codec(qemuInstalled) : Map.of();
        Duration warmup = Duration.ofSeconds(1);
        Duration measure = Duration.ofSeconds(o.seconds());
        List<Result> fake = List.of();
        List<Result> fakeRounds = List.of();
        if (o.runs("pipeline")) {
            fake = timed("scenario 2: one pipelined connection to FakeQmpServer", () -> Scenarios.fakeServer(warmup, measure, Long.MAX_VALUE));
            fakeRounds = timed("scenario 2: " + ROUNDS + " more rounds at 256 in flight",
                    () -> Scenarios.fakeServerRounds(256, ROUNDS, warmup, measure));
        }
        List<Result> real = List.of();
        List<Result> realRounds = List.of();
        if (qemuInstalled && o.runs("qemu")) {
            real = timed("scenario 3: one pipelined connection to QEMU", () -> Scenarios.qemu(warmup, measure, Long.MAX_VALUE));
            realRounds = timed("scenario 3: " + ROUNDS + " more rounds at 256 in flight",
                    () -> Scenarios.qemuRounds(256, ROUNDS, warmup, measure));
        }
        List<FleetScenario.Result> fleet = new ArrayList<>();
        if (qemuInstalled && o.runs("fleet")) {
            for (int vms : o.fleetVms()) {
                fleet.addAll(timed("scenario 4: fleet of " + vms + " QEMUs", () -> fleetOnce(vms, warmup, measure)));
            }
        }
        IdleConnectionsScenario.Result idle = null;
        if (o.runs("idle")) {
            idle = timed("scenario 4: " + o.idle() + " idle connections", () -> IdleConnectionsScenario.run(o.idle()));
        }
        List<FirehoseScenario.Result> hose = List.of();
        if (o.runs("firehose")) {
            hose = timed("scenario 5: event firehose to " + o.firehose() + " connections",
                    () -> FirehoseScenario.run(o.firehose(), o.firehoseEvents()));
        }
        SlowConsumerScenario.Result slow = null;
        if (o.runs("slow")) {
            slow = timed("scenario 5: slow consumer", () -> SlowConsumerScenario.run(Long.MAX_VALUE, 100, measure));
        }
        List<Result> userFlatMap = List.of();
        List<Result> userSequential = List.of();
        if (o.runs("user")) {
            userFlatMap = timed("scenario 6: the user's flatMap(..., 256) against the raw client, " + ROUNDS + " rounds",
                    () -> Scenarios.userPipelineRounds(ROUNDS, warmup, measure));
            if (qemuInstalled) {
                userSequential = timed("scenario 6: one command at a time (block()) on QEMU, " + ROUNDS + " rounds",
                        () -> Scenarios.sequentialQemuRounds(ROUNDS, warmup, measure));
            }
        }
        if (o.runs("observe")) {
            // Printed only: BENCHMARKS.md quotes it in the hand-written notes (benchmarks/NOTES.md).
            List<ObservabilityScenario.Run> observe = timed("observability: off, metrics, all vs raw, " + ROUNDS + " rounds",
                    () -> ObservabilityScenario.run(ROUNDS, warmup, measure));
            System.out.print(ObservabilityScenario.table(observe));
        }
        if (o.runs("kafka")) {
            // Printed only (the generated report's tables do not cover it yet); recorded by hand in benchmarks/NOTES.md.
            timed("scenario 7: many hosts through Kafka vs the same work on a local fleet",
                    () -> KafkaScenario.run(20_000, Duration.ofSeconds(o.seconds())));
        }
        if (o.report() == null) {
            System.out.println("partial run (--only): no report written; add --out FILE for one");
            return;
        }
        String notes = Files.isRegularFile(o.notes()) ? Files.readString(o.notes(), StandardCharsets.UTF_8) : null;
        if (notes == null) {
            System.err.println("no hand-written notes at " + o.notes().toAbsolutePath() + "; the report says so");
        }
        String report = Report.render(started, loadBefore, loadAverage(), codec, fake, fakeRounds, real, realRounds, withQemu, o.seconds(), fleet, idle, hose, slow,
                userFlatMap, userSequential, o.notes(), notes);
        Files.writeString(o.report(), report, StandardCharsets.UTF_8);
        System.out.println("wrote " + o.report().toAbsolutePath());
    }

    private static Map<String, double[]> codec(boolean withQemu) throws Exception {
        Map<String, double[]> codec = new LinkedHashMap<>();
        Optional<Path> schema = withQemu ? Fixtures.captureSchemaReplyToFile() : Optional.empty();
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(CodecBenchmark.class.getName() + ".*")
                .forks(1)
                // 8 warm-up seconds: with 2, decoding the large replies was still getting faster (16 ms to 0.7 ms)
                .warmupIterations(JMH_WARMUP_ITERATIONS).warmupTime(TimeValue.seconds(1))
                .measurementIterations(JMH_MEASUREMENT_ITERATIONS).measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.NANOSECONDS)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Xms1g", "-Xmx1g");
        if (schema.isPresent()) {
            ob.jvmArgsAppend("-D" + Fixtures.SCHEMA_FILE_PROPERTY + "=" + schema.get());
            Report.schemaBytes = Files.size(schema.get());
        } else {
            ob.exclude(".*QmpSchema");
        }
        Options opts = ob.build();
        Collection<RunResult> results = new Runner(opts).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            var alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            codec.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                    alloc == null ? Double.NaN : alloc.getScore()});
        }
        return codec;
    }

    /** A step of the suite that may throw. */
    /** The fleet scenario, run once more on fresh QEMUs if one of them died (QEMU's crash, not the client's). */
    private static List<FleetScenario.Result> fleetOnce(int vms, Duration warmup, Duration measure) {
        try {
            return FleetScenario.run(vms, 16, warmup, measure, Long.MAX_VALUE);
        } catch (FleetScenario.QemuDiedException e) {
            System.out.println("  " + e.getMessage() + "; running the scenario again on fresh QEMUs");
            return FleetScenario.run(vms, 16, warmup, measure, Long.MAX_VALUE);
        }
    }

    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /** Runs one scenario, printing its name, its results and how long it took (the suite must stay under 15 min). */
    static <T> T timed(String name, Step<T> step) throws Exception {
        System.out.println(name);
        long t0 = System.nanoTime();
        T result = step.run();
        if (result instanceof Collection<?> rows) {
            rows.forEach(System.out::println);
        } else {
            System.out.println(result);
        }
        System.out.println(fmt("  (%s took %.1f s)", name, (System.nanoTime() - t0) / 1e9));
        return result;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}
