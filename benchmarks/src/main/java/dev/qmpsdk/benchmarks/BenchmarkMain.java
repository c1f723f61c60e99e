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
 * Runs the benchmark suite and writes the markdown report.
 *
 * <pre>
 * java -jar benchmarks/target/qmp-benchmarks.jar              # full suite, writes ./BENCHMARKS.md
 * java -jar benchmarks/target/qmp-benchmarks.jar --smoke      # every scenario for a moment; no report
 * options: --out FILE, --seconds N (end-to-end measurement per run, default 3), --no-jmh, --no-qemu,
 *          --fleet-vms N (real QEMUs in scenario 4, default 10), --idle N (idle fake connections, default 1000),
 *          --firehose N (connections flooded with events in scenario 5, default 1000; 0 skips)
 * </pre>
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        boolean jmh = true;
        boolean qemu = true;
        Path out = Path.of("BENCHMARKS.md");
        int seconds = 3;
        int fleetVms = 10;
        int idle = 1000;
        int firehose = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--no-jmh" -> jmh = false;
                case "--no-qemu" -> qemu = false;
                case "--out" -> out = Path.of(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--fleet-vms" -> fleetVms = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--firehose" -> firehose = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "; see the class Javadoc of " + BenchmarkMain.class.getName());
                    System.exit(2);
                }
            }
        }
        if (smoke) {
            smoke(qemu && QemuProcess.binary().isPresent());
            System.out.println("smoke: every scenario ran; SDK and baseline agree on counts");
            System.exit(0);
        }
        full(out, jmh, qemu && QemuProcess.binary().isPresent(), seconds, fleetVms, idle, firehose);
        System.exit(0); // reactor-netty's shared loop threads are daemons, but do not wait for stragglers
    }

    /** Every implemented scenario for a fraction of a second; fails when something does not complete or counts disagree. */
    public static void smoke(boolean withQemu) throws IOException, InterruptedException {
        SmokeCodec.run(withQemu);
        Duration cap = Duration.ofSeconds(20);
        Scenarios.fakeServer(Duration.ofSeconds(20), cap, 300);
        if (withQemu) {
            Scenarios.qemu(Duration.ofSeconds(20), cap, 100);
            for (FleetScenario.Result r : FleetScenario.run(2, 16, cap, cap, 100)) {
                if (r.replies() != 200) {
                    throw new IllegalStateException("fleet smoke: " + r.client() + " counted " + r.replies() + ", expected 200");
                }
            }
        }
        IdleConnectionsScenario.run(20, 10);
        for (FirehoseScenario.Result r : FirehoseScenario.run(20, 10, 200)) {
            if (r.delivered() + r.dropped() != r.expected()) {
                throw new IllegalStateException("firehose smoke: " + r);
            }
        }
        SlowConsumerScenario.Result slow = SlowConsumerScenario.run(5_000, 100, Duration.ofMillis(200));
        if (slow.commandsDuringFlood() == 0 || slow.eventsDecoded() != 5_000) {
            throw new IllegalStateException("slow-consumer smoke: " + slow);
        }
    }

    static void full(Path out, boolean jmh, boolean withQemu, int seconds, int fleetVms, int idle, int firehose) throws Exception {
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        Map<String, double[]> codec = new LinkedHashMap<>();
        if (jmh) {
            Optional<Path> schema = withQemu ? Fixtures.captureSchemaReplyToFile() : Optional.empty();
            OptionsBuilder ob = new OptionsBuilder();
            ob.include(CodecBenchmark.class.getName() + ".*")
                    .forks(1)
                    .warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1))
                    .timeUnit(TimeUnit.NANOSECONDS)
                    .addProfiler(GCProfiler.class)
                    .jvmArgsAppend("-Xms1g", "-Xmx1g");
            if (schema.isPresent()) {
                ob.jvmArgsAppend("-D" + Fixtures.SCHEMA_FILE_PROPERTY + "=" + schema.get());
                Report.schemaBytes = Files.size(schema.get());
            }
            if (schema.isEmpty()) {
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
        }
        Duration warmup = Duration.ofSeconds(1);
        Duration measure = Duration.ofSeconds(seconds);
        System.out.println("scenario 2: fake server");
        List<Result> fake = Scenarios.fakeServer(warmup, measure, Long.MAX_VALUE);
        fake.forEach(System.out::println);
        List<Result> real = List.of();
        if (withQemu) {
            System.out.println("scenario 3: real QEMU");
            real = Scenarios.qemu(warmup, measure, Long.MAX_VALUE);
            real.forEach(System.out::println);
        }
        List<FleetScenario.Result> fleet = List.of();
        if (withQemu && fleetVms > 0) {
            System.out.println("scenario 4: fleet of " + fleetVms + " QEMUs");
            fleet = FleetScenario.run(fleetVms, 16, warmup, measure, Long.MAX_VALUE);
            fleet.forEach(System.out::println);
        }
        IdleConnectionsScenario.Result idleResult = null;
        if (idle > 0) {
            System.out.println("scenario 4: " + idle + " idle connections");
            idleResult = IdleConnectionsScenario.run(idle, 100);
            System.out.println(idleResult);
        }
        List<FirehoseScenario.Result> hose = List.of();
        if (firehose > 0) {
            System.out.println("scenario 5: event firehose to " + firehose + " connections");
            hose = FirehoseScenario.run(firehose, 100, 1000);
            hose.forEach(System.out::println);
        }
        SlowConsumerScenario.Result slow = null;
        if (firehose > 0) {
            System.out.println("scenario 5: slow consumer");
            slow = SlowConsumerScenario.run(2_000_000, 100, measure);
            System.out.println(slow);
        }
        String report = Report.render(started, loadBefore, loadAverage(), codec, fake, real, withQemu, seconds, fleet, idleResult, hose, slow);
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
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
