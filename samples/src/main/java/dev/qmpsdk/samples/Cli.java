package dev.qmpsdk.samples;

import dev.qmpsdk.testkit.QemuProcess;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code qmp} command line: {@code exec}, {@code events}, {@code shell}, {@code schema-diff}, {@code demo} and {@code tour}.
 *
 * <p>Exit codes: 0 success; 1 the server answered the command with an error; 2 a usage or argument error
 * (found before anything is sent, including a command the 2.11.2 schema does not have); 3 the monitor could
 * not be reached, is not a QMP server, or did not answer in time.
 */
@Command(name = "qmp", mixinStandardHelpOptions = true, version = "qmp (qmp-sdk samples), QEMU 2.11.2 schema",
        description = "Talk to QEMU monitors (QMP) with the commands of the QEMU 2.11.2 schema.",
        subcommands = {CliExec.class, CliEvents.class, CliShell.class, CliSchemaDiff.class, Cli.Demo.class, Cli.Tour.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  the server answered with an error (QMP error class and description on stderr)",
                "  2  usage or argument error, found before anything was sent",
                "  3  connection problem: no socket, permission denied, not a QMP server, no answer in time"})
public final class Cli implements Callable<Integer> {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    /** True when {@link #in} is the process's own terminal, so the shell may edit lines with JLine. */
    final boolean console;

    private Cli(InputStream in, PrintStream out, PrintStream err, boolean console) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.console = console;
    }

    /** Runs the process's command line on its own standard streams. */
    static int runProcess(String... args) {
        return execute(new Cli(System.in, System.out, System.err, System.console() != null), args);
    }

    /** Runs a command line on the given streams (never a terminal): what the tests do. */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        return execute(new Cli(in, out, err, false), args);
    }

    private static int execute(Cli cli, String... args) {
        CommandLine cl = new CommandLine(cli);
        cl.setUsageHelpWidth(110);
        cl.setOut(new PrintWriter(cli.out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(cli.err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println(name + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Run '" + name + " --help' for usage.");
            c.getErr().flush();
            return CliException.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof CliException e) {
                c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                c.getErr().flush();
                return e.exitCode();
            }
            throw ex;
        });
        int code = cl.execute(args);
        cli.out.flush();
        cli.err.flush();
        return code;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return CliException.USAGE;
    }

    /** {@code qmp demo}: the README's main job. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start N VMs (real QEMU -machine none when installed, else simulated), drive them on one event loop, show a live table.")
    static final class Demo implements Callable<Integer> {
        @ParentCommand Cli cli;

        @Option(names = "--vms", paramLabel = "N", defaultValue = "4", description = "how many VMs (default ${DEFAULT-VALUE})")
        int vms;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "how long to drive them (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--simulated", description = "simulated VMs even when QEMU is installed")
        boolean simulated;

        @Override
        public Integer call() {
            if (vms < 1 || seconds < 1) {
                throw CliException.usage("--vms and --seconds must be at least 1");
            }
            return LiveDemo.run(vms, seconds, simulated || QemuProcess.binary().isEmpty(), cli.out, cli.err);
        }
    }

    /** {@code qmp tour}: the typed model and codec on the messages a QEMU 7.2 sends. */
    @Command(name = "tour", mixinStandardHelpOptions = true, description = "A tour of the typed 2.11.2 model and the codec, without a VM.")
    static final class Tour implements Callable<Integer> {
        @ParentCommand Cli cli;

        @Override
        public Integer call() {
            CodecDemo.run(cli.out);
            return CliException.OK;
        }
    }
}
