package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.PipelineHarness.Probes;
import dev.qmpsdk.benchmarks.PipelineHarness.Result;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.observe.QmpAuditTrail;
import dev.qmpsdk.reactive.observe.QmpMicrometerMetrics;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.reactive.observe.QmpWireLog;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;

/**
 * The cost of observability (issue 16): the same client against a fresh fake server with observability off, with
 * Micrometer metrics, and with everything (metrics, an audit trail with a subscriber, the redacted wire log into a sink
 * that counts lines), plus the raw client as the floor; pipelined ({@code flatMap(..., 256)}) and one at a time
 * ({@code block()}), {@code rounds} rounds with the order rotated each round, so every ratio compares runs of one
 * moment of the same machine.
 *
 * <pre>{@code
 * java -jar benchmarks/target/qmp-benchmarks.jar --only observe --seconds 2
 * }</pre>
 */
public final class ObservabilityScenario {
    /** The configurations compared, in the order of the first round. */
    static final List<String> CONFIGS = List.of("raw", "off", "metrics", "all");

    /** One configuration's results of one round: pipelined and one at a time. */
    public record Run(String config, int round, Result pipelined, Result sequential) {}

    private ObservabilityScenario() {}

    public static List<Run> run(int rounds, Duration warmup, Duration measure) {
        List<Run> runs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < CONFIGS.size(); i++) {
                String config = CONFIGS.get((i + round) % CONFIGS.size());
                runs.add(new Run(config, round, once(config, 256, warmup, measure), once(config, 1, warmup, measure)));
            }
        }
        return runs;
    }

    private static Result once(String config, int window, Duration warmup, Duration measure) {
        LongAdder lines = new LongAdder();
        QmpAuditTrail audit = QmpAuditTrail.create();
        Disposable auditing = audit.records().subscribe(r -> { });
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            server.on("query-status", Reply.ok(Scenarios.STATUS));
            Probes probes = new Probes(CpuProbe.threads(n -> n.startsWith("fake-qmp-")), Scenarios.SDK_LOOP);
            if (config.equals("raw")) {
                return PipelineHarness.runRaw(server.socketPath(), window, warmup, measure, Long.MAX_VALUE, probes);
            }
            QmpObservability observability = switch (config) {
                case "off" -> QmpObservability.OFF;
                case "metrics" -> QmpObservability.builder().observer(QmpMicrometerMetrics.of(new SimpleMeterRegistry())).build();
                default -> QmpObservability.builder().observer(QmpMicrometerMetrics.of(new SimpleMeterRegistry())).observer(audit)
                        .observer(QmpWireLog.to(line -> lines.increment())).build();
            };
            QmpClientOptions options = QmpClientOptions.unix(server.socketPath()).observability(observability).build();
            return window == 1 ? PipelineHarness.runSdkBlocking(options, warmup, measure, probes)
                    : PipelineHarness.runSdkFlatMap(options, window, warmup, measure, probes);
        } finally {
            auditing.dispose();
        }
    }

    /** The table printed after the run: per configuration, the median and the rounds, as ratios to "off". */
    public static String table(List<Run> runs) {
        Map<String, List<Run>> by = new LinkedHashMap<>();
        CONFIGS.forEach(c -> by.put(c, new ArrayList<>()));
        runs.forEach(r -> by.get(r.config()).add(r));
        int rounds = by.get("off").size();
        StringBuilder b = new StringBuilder();
        b.append("| config | pipelined cmd/s (median) | vs off, per round (median) | client CPU µs/cmd | block() p50 µs (median) | vs off, per round (median) |\n");
        b.append("|---|---:|---|---:|---:|---|\n");
        for (String config : CONFIGS) {
            List<Run> mine = by.get(config);
            double[] rate = new double[rounds];
            double[] rateRatio = new double[rounds];
            double[] cpu = new double[rounds];
            double[] p50 = new double[rounds];
            double[] p50Ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                Run off = by.get("off").get(i);
                Run r = mine.get(i);
                rate[i] = r.pipelined().perSecond();
                rateRatio[i] = rate[i] / off.pipelined().perSecond();
                cpu[i] = r.pipelined().clientCpuMicrosPerCommand();
                p50[i] = r.sequential().p50Micros();
                p50Ratio[i] = p50[i] / off.sequential().p50Micros();
            }
            b.append(String.format("| %s | %,.0f | %s (**%.2fx**) | %s | %.0f | %s (**%.2fx**) |%n", config, median(rate), rounds(rateRatio),
                    median(rateRatio), config.equals("raw") ? "(own thread)" : String.format("%.1f", median(cpu)), median(p50),
                    rounds(p50Ratio), median(p50Ratio)));
        }
        return b.toString();
    }

    private static String rounds(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.isEmpty() ? "" : " ").append(String.format("%.2f", v));
        }
        return b.toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
