package dev.qmpsdk.cli;

import dev.qmpsdk.reactive.QmpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import reactor.core.Disposable;

/**
 * {@code qmp shell}: an interactive monitor session, QEMU's {@code qmp-shell} and more. On a terminal it edits
 * lines with JLine (history in {@link ShellHistory}'s file, tab completion from the schema by
 * {@link ShellCompleter}); otherwise it reads one line at a time from standard input, without prompts, so
 * scripts and tests can feed it. What each line does is {@link ShellSession}'s job, how it prints
 * {@link ShellOutput}'s.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An interactive QMP session with history and tab completion of commands, arguments, enum values and union members,",
                "from the connected QEMU's own schema (query-qmp-schema): what that QEMU has, not only what 2.11.2 had.",
                "Type a command with key=value arguments, or JSON; 'help' lists what else works (transactions, raw commands).",
                "Events are printed as they arrive, with the server's timestamp.",
                "Reads lines from standard input when it is not a terminal."},
        footer = {"", "Examples of input lines:",
                "  query-status",
                "  human-monitor-command command-line=\"info version\"",
                "  blockdev-add driver=qcow2 node-name=disk0 file.driver=file file.filename=/tmp/disk.qcow2",
                "  {\"execute\": \"query-name\"}",
                "  transaction( block-dirty-bitmap-add node=drive0 name=bitmap0 )",
                "  query-cpus-fast                  (newer than 2.11.2: checked against the server's schema)",
                "  raw x-debug-query-block-graph    (sent unchecked)",
                "",
                "History (terminal only): $XDG_STATE_HOME/qmp/history (hmp-history with -H), by default under ~/.local/state."})
final class CliShell implements Callable<Integer> {
    @ParentCommand Cli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    CliTarget.One target;

    @Option(names = {"-H", "--hmp"}, description = "HMP mode: lines are human monitor commands (info block, ...), run through "
            + "human-monitor-command, their output printed as text; 'cpu N' picks the CPU")
    boolean hmp;

    @Option(names = {"-p", "--pretty"}, description = "print JSON indented (default: compact, one line)")
    boolean pretty;

    @Option(names = {"-v", "--verbose"}, description = "also print each request sent ('-> {\"execute\": ...}') and the whole reply ('<- {\"return\": ...}')")
    boolean verbose;

    @Option(names = "--no-events", description = "do not print events as they arrive")
    boolean noEvents;

    @Option(names = "--history", paramLabel = "FILE", description = "keep the history of typed lines here instead")
    @Nullable Path history;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = CliSupport.DurationConverter.class,
            description = "deadline for connecting and for each command (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        QmpClient client = target.target().connect(timeout);
        ShellOutput output = new ShellOutput(cli.out, cli.err, pretty, verbose);
        Disposable events = noEvents ? null : client.events().subscribe(output::event, e -> { });
        try {
            // QMP lines follow the server's own schema (commands, arguments, completion); HMP lines are the monitor's.
            CliServerSchema server = hmp ? CliServerSchema.UNKNOWN : CliServerSchema.fetch(client, timeout);
            ShellSession session = new ShellSession(client, timeout, output, hmp, server);
            return cli.terminal == null ? piped(session) : interactive(session, output, client);
        } finally {
            if (events != null) {
                events.dispose();
            }
            client.close().block(Duration.ofSeconds(5));
        }
    }

    /** Standard input is not a terminal: one line at a time, no prompt; the exit code is the last failure's. */
    private int piped(ShellSession session) {
        int code = CliException.OK;
        BufferedReader in = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                Integer result = session.handle(line);
                if (result == null) {
                    break;
                }
                if (result != CliException.OK) {
                    code = result;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = session.end();
        return end != CliException.OK ? end : code;
    }

    private int interactive(ShellSession session, ShellOutput output, QmpClient client) {
        Path historyFile = history != null ? history : ShellHistory.defaultFile(hmp);
        try (Terminal terminal = Objects.requireNonNull(cli.terminal).open()) {
            LineReader lr = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("qmp")
                    .completer(completer(session))
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .build();
            createParent(historyFile, output);
            output.printAbove(lr);
            var g = client.greeting();
            output.show("Connected to QEMU " + (g == null ? "?" : g.version()) + (hmp ? " (HMP mode)" : "")
                    + ". Tab completes; 'help' for more, 'exit' to leave. History: " + historyFile);
            try {
                while (true) {
                    String line;
                    try {
                        line = lr.readLine(session.prompt());
                    } catch (UserInterruptException e) {
                        continue;
                    } catch (EndOfFileException e) {
                        break;
                    }
                    if (session.handle(line) == null) {
                        break;
                    }
                }
                session.end();
                return CliException.OK;
            } finally {
                output.printAbove(null);
                saveHistory(lr, output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Completer completer(ShellSession session) {
        if (!hmp) {
            return ShellCompleter.qmp(session.completion(), session::inTransaction);
        }
        // HMP's commands are the monitor's own: ask it, as qmp-shell -H does.
        try {
            return ShellCompleter.hmp(session.hmpCommand("help", null, false), session.hmpCommand("info", null, false));
        } catch (CliException e) {
            return ShellCompleter.hmp("", "");
        }
    }

    private static void createParent(Path file, ShellOutput output) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            output.error("warning: cannot create " + dir + " for the shell's history: " + e.getMessage());
        }
    }

    private static void saveHistory(LineReader lr, ShellOutput output) {
        try {
            lr.getHistory().save();
        } catch (IOException e) {
            output.error("warning: cannot save the shell's history to " + lr.getVariable(LineReader.HISTORY_FILE) + ": " + e.getMessage());
        }
    }
}
