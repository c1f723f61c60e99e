package dev.qmpsdk.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@link BenchmarkMain}.
 *
 * <pre>{@code
 * SuiteOptions o = SuiteOptions.parse(new String[] {"--only", "fleet,idle", "--fleet-vms", "100"});
 * o.runs("fleet");  // true
 * o.report();       // null: a partial run writes no report unless --out says where
 * }</pre>
 */
record SuiteOptions(boolean smoke, Set<String> scenarios, Path report, Path notes, int seconds, List<Integer> fleetVms, int idle,
                    int firehose, int firehoseEvents) {
    /** Every scenario, in the order the suite runs them. */
    static final List<String> SCENARIOS = List.of("codec", "pipeline", "qemu", "fleet", "idle", "firehose", "slow", "user", "observe", "kafka");

    static final String USAGE = """
            usage: java -jar benchmarks/target/qmp-benchmarks.jar [options]
              --help              this text
              --smoke             every scenario at tiny scale, counts checked, no report (what ./mvnw verify runs)
              --only A,B          run only these scenarios (%s);
                                  numbers on stdout, a report only with --out (it must not replace BENCHMARKS.md)
              --out FILE          where the report goes (default: BENCHMARKS.md for a full run)
              --notes FILE        hand-written analysis copied into the report (default: benchmarks/NOTES.md)
              --seconds N         measured seconds per end-to-end run, after 1 s of warm-up (default 3)
              --no-jmh            skip the codec benchmarks
              --no-qemu           skip the scenarios that need a real QEMU
              --fleet-vms N,M     fleet sizes of real QEMUs for scenario 4 (default 10,100)
              --idle N            idle connections for scenario 4 (default 10000)
              --firehose N        connections flooded with events in scenario 5 (default 1000)
              --firehose-events N events written to each of them (default 2000)
            """.formatted(String.join(", ", SCENARIOS));

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} naming what was wrong. */
    static SuiteOptions parse(String[] args) {
        boolean smoke = false;
        Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
        boolean partial = false;
        Path out = null;
        Path notes = Path.of("benchmarks", "NOTES.md");
        int seconds = 3;
        List<Integer> fleetVms = List.of(10, 100);
        int idle = 10_000;
        int firehose = 1000;
        int firehoseEvents = 2000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--smoke" -> smoke = true;
                case "--no-jmh" -> scenarios.remove("codec");
                case "--no-qemu" -> {
                    scenarios.remove("qemu");
                    scenarios.remove("fleet");
                }
                case "--only" -> {
                    List<String> only = Arrays.asList(value(args, ++i, a).split(","));
                    for (String s : only) {
                        if (!SCENARIOS.contains(s)) {
                            throw new IllegalArgumentException("--only: unknown scenario '" + s + "'; known: " + String.join(", ", SCENARIOS));
                        }
                    }
                    scenarios.retainAll(only);
                    partial = true;
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--notes" -> notes = Path.of(value(args, ++i, a));
                case "--seconds" -> seconds = positive(args, ++i, a);
                case "--fleet-vms" -> fleetVms = Arrays.stream(value(args, ++i, a).split(",")).map(v -> positive(v, a)).toList();
                case "--idle" -> idle = positive(args, ++i, a);
                case "--firehose" -> firehose = positive(args, ++i, a);
                case "--firehose-events" -> firehoseEvents = positive(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (out == null && !partial) {
            out = Path.of("BENCHMARKS.md");
        }
        return new SuiteOptions(smoke, Set.copyOf(scenarios), out, notes, seconds, fleetVms, idle, firehose, firehoseEvents);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String[] args, int i, String option) {
        return positive(value(args, i, option), option);
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive whole number, got '" + v + "'");
    }
}
