package dev.qmpsdk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.util.Loggers;

/**
 * The {@code qmp} command line: {@code exec}, {@code events}, {@code shell}, {@code schema-diff} and {@code generate-completion};
 * {@code guest} sends one command to a QEMU guest agent, with the exit codes of {@code exec}.
 *
 * <p>Exit codes: 0 success; 1 the server answered the command with an error; 2 a usage or argument error
 * (found before anything is sent, including a command the 2.11.2 schema does not have); 3 the monitor could
 * not be reached, is not a QMP server, or did not answer in time.
 */
@Command(name = "qmp", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        description = "Talk to QEMU monitors (QMP) with the commands of the QEMU 2.11.2 schema.",
        subcommands = {CliExec.class, CliGuest.class, CliEvents.class, CliShell.class, CliSchemaDiff.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  the server answered with an error (QMP error class and description on stderr)",
                "  2  usage or argument error, found before anything was sent",
                "  3  connection problem: no socket, permission denied, not a QMP server, no answer in time"})
public final class Cli implements Callable<Integer> {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    /** Opens the terminal the shell edits lines on (JLine), or null when {@link #in} is not a terminal. */
    final @Nullable TerminalOpener terminal;

    /** Opens a terminal; the shell closes it. */
    interface TerminalOpener {
        Terminal open() throws IOException;
    }

    private Cli(InputStream in, PrintStream out, PrintStream err, @Nullable TerminalOpener terminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** {@code java -jar qmp.jar ...}: runs the command line on the process's own streams and exits with its code. */
    public static void main(String[] args) {
        // The client logs protocol oddities (garbage, late replies) as warnings; a CLI reports what matters itself.
        // Reactor logs through java.util.logging, which shows only errors unless -Dqmp.verbose is set.
        Loggers.useJdkLoggers();
        if (System.getProperty("qmp.verbose") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE);
        }
        TerminalOpener terminal = System.console() == null ? null : () -> TerminalBuilder.builder().system(true).build();
        System.exit(execute(new Cli(System.in, System.out, System.err, terminal), args));
    }

    /** Runs a command line on the given streams (never a terminal): what the tests do. */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        return execute(new Cli(in, out, err, null), args);
    }

    /** Runs a command line whose shell edits lines on the given terminal (tests: a dumb terminal over streams). */
    static int runOnTerminal(Terminal terminal, PrintStream out, PrintStream err, String... args) {
        return execute(new Cli(InputStream.nullInputStream(), out, err, () -> terminal), args);
    }

    /**
     * {@code qmp --verbose ...}: every QMP message in and out on stderr, as the SDK's wire log writes it (redacted:
     * passwords and secret data masked, control characters escaped).
     */
    @Option(names = "--verbose", description = "show every QMP message in and out on stderr (the SDK's redacted wire log: "
            + "passwords and secret object data masked); put it before the subcommand: qmp --verbose exec ...")
    void verbose(boolean on) {
        CliTarget.wireLog = on ? line -> {
            err.println(line);
            err.flush();
        } : null;
    }

    private static int execute(Cli cli, String... args) {
        CliTarget.wireLog = null;   // one command line's --verbose does not outlive it (tests run many in one JVM)
        CommandLine cl = new CommandLine(cli);
        cl.setUsageHelpWidth(110);
        // Subcommands answer -V as qmp itself does (picocli would print nothing for them).
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(new CliVersion());
            }
        }
        // picocli hides its completion subcommand; ours is listed, since the README and --help tell people to use it.
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script for qmp: source <(java -jar qmp.jar generate-completion)",
                        "(it completes subcommands and options for a 'qmp' command or alias on the PATH).");
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
}
