package dev.qmpsdk.samples;

import dev.qmpsdk.reactive.QmpResources;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import reactor.util.Loggers;

/**
 * {@code java -jar qmp-samples.jar [demo | tour] ...}: the runnable samples. Without arguments it runs
 * {@code demo}, the README's main job. The {@code qmp} command line is its own module ({@code cli}).
 */
@Command(name = "qmp-samples", mixinStandardHelpOptions = true,
        description = "Runnable samples of qmp-sdk (the qmp command line is cli/target/qmp.jar).",
        subcommands = {Main.Demo.class, Main.Tour.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit code of a bad option or value. */
    static final int USAGE = 2;

    final PrintStream out;
    final PrintStream err;

    private Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The client logs protocol oddities (garbage, late replies) as warnings; the samples report what matters.
        // Reactor logs through java.util.logging, which shows only errors unless -Dqmp.verbose is set.
        Loggers.useJdkLoggers();
        if (System.getProperty("qmp.verbose") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE);
        }
        int code = run(System.out, System.err, args.length == 0 ? new String[] {"demo"} : args);
        // Every client is closed by now: end the SDK's threads, so that `mvn exec:java` does not wait for them.
        QmpResources.shutdown();
        System.exit(code);
    }

    /** Runs a sample's command line on the given streams: what the tests do. */
    static int run(PrintStream out, PrintStream err, String... args) {
        Main main = new Main(out, err);
        CommandLine cl = new CommandLine(main);
        cl.addSubcommand(new ManyHosts());
        cl.setUsageHelpWidth(110);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return USAGE;
    }

    /** {@code demo}: the README's main job. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start N VMs (real QEMU -machine none when installed, else simulated), drive them on one event loop, show a live table.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Main main;

        @Option(names = "--vms", paramLabel = "N", defaultValue = "4", description = "how many VMs (default ${DEFAULT-VALUE})")
        int vms;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "how long to drive them (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--simulated", description = "simulated VMs even when QEMU is installed")
        boolean simulated;

        @Override
        public Integer call() {
            if (vms < 1 || seconds < 1) {
                main.err.println("qmp-samples demo: --vms and --seconds must be at least 1");
                return USAGE;
            }
            return LiveDemo.run(vms, seconds, simulated || QemuProcess.binary().isEmpty(), main.out, main.err);
        }
    }

    /** {@code tour}: the typed model and codec on the messages a QEMU 7.2 sends. */
    @Command(name = "tour", mixinStandardHelpOptions = true, description = "A tour of the typed 2.11.2 model and the codec, without a VM.")
    static final class Tour implements Callable<Integer> {
        @ParentCommand Main main;

        @Override
        public Integer call() {
            CodecDemo.run(main.out);
            return 0;
        }
    }

    /** {@code many-hosts}: host agents and a controller through Kafka (README, "Many hosts"). */
    @Command(name = "many-hosts", mixinStandardHelpOptions = true,
            description = "Host agents with simulated VMs and a controller, all through Kafka (in-process KRaft broker unless --bootstrap).")
    static final class ManyHosts implements Callable<Integer> {
        @ParentCommand Main main;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "a Kafka cluster to use instead of an in-process broker")
        String bootstrap;

        @Option(names = "--hosts", paramLabel = "N", defaultValue = "2", description = "how many host agents (default ${DEFAULT-VALUE})")
        int hosts;

        @Option(names = "--vms", paramLabel = "N", defaultValue = "2", description = "simulated VMs per host (default ${DEFAULT-VALUE})")
        int vms;

        @Override
        public Integer call() {
            if (hosts < 1 || vms < 1) {
                main.err.println("qmp-samples many-hosts: --hosts and --vms must be at least 1");
                return USAGE;
            }
            return ManyHostsSample.run(bootstrap, hosts, vms, main.out);
        }
    }
}
