package dev.qmpsdk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.reactive.QmpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import reactor.core.Disposable;

/**
 * {@code qmp shell}: an interactive monitor session. On a terminal it edits lines with JLine (history in
 * {@code ~/.qmp_history}, tab completion of command names and then of the command's argument names from the
 * schema); otherwise it reads one command per line from standard input, without prompts, so scripts and
 * tests can feed it.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An interactive QMP session with history and tab completion.",
                "Type a command with key=value arguments, or JSON; 'help' lists what else works.",
                "Reads commands from standard input when it is not a terminal."},
        footer = {"", "Examples of input lines:",
                "  query-status",
                "  human-monitor-command command-line=\"info version\"",
                "  {\"execute\": \"query-name\"}",
                "  raw query-cpus-fast              (unchecked: a command newer than 2.11.2)"})
final class CliShell implements Callable<Integer> {
    private static final String HELP = String.join("\n",
            "  COMMAND [key=value ...]        run a command, arguments checked against the 2.11.2 schema",
            "  COMMAND {json}                 the same, arguments as one JSON object",
            "  {\"execute\": ..., \"arguments\": ...}   a QMP request as JSON",
            "  raw COMMAND [key=value | {json}]   send without the schema check",
            "  help [COMMAND]                 this help, or a command's arguments",
            "  commands                       every command of the schema",
            "  exit                           leave (Ctrl-D too; 'quit' is QMP's: it stops the VM)");

    @ParentCommand Cli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    CliTarget.One target;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = CliSupport.DurationConverter.class,
            description = "deadline for connecting and for each command (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--no-events", description = "do not print events as they arrive")
    boolean noEvents;

    private @Nullable LineReader reader;

    @Override
    public Integer call() {
        QmpClient client = target.target().connect(timeout);
        Disposable events = noEvents ? null : client.events().subscribe(e -> {
            String data = CliSupport.eventData(e);
            show("event " + e.eventName() + (data == null ? "" : " " + data));
        }, e -> { });
        try {
            return cli.console ? interactive(client) : piped(client);
        } finally {
            if (events != null) {
                events.dispose();
            }
            client.close().block(Duration.ofSeconds(5));
        }
    }

    /** Standard input is not a terminal: one command per line, no prompt; the exit code is the last failure's. */
    private int piped(QmpClient client) {
        int code = CliException.OK;
        BufferedReader in = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                Integer result = handle(line, client);
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
        return code;
    }

    private int interactive(QmpClient client) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader lr = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("qmp")
                    .completer(completer())
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".qmp_history"))
                    .build();
            reader = lr;
            var g = client.greeting();
            show("Connected to QEMU " + (g == null ? "?" : g.version()) + ". Tab completes commands and arguments; 'help' for more, 'exit' to leave.");
            String prompt = "(qmp) ";
            while (true) {
                String line;
                try {
                    line = lr.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return CliException.OK;
                }
                if (handle(line, client) == null) {
                    return CliException.OK;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader = null;
        }
    }

    /** Completes the first word with command names, the next ones with {@code argument=} of that command. */
    static Completer completer() {
        List<String> builtins = List.of("help", "commands", "exit", "raw");
        return (reader, line, candidates) -> {
            List<String> words = line.words();
            boolean raw = !words.isEmpty() && words.get(0).equals("raw");
            int commandIndex = raw ? 1 : 0;
            if (line.wordIndex() <= commandIndex) {
                for (String name : CliRequest.commandNames()) {
                    candidates.add(new Candidate(name));
                }
                if (line.wordIndex() == 0) {
                    builtins.forEach(b -> candidates.add(new Candidate(b)));
                }
                return;
            }
            CommandDescriptor<?, ?> d = QmpCommands.byName(words.get(commandIndex));
            if (d == null && words.get(0).equals("help") && line.wordIndex() == 1) {
                CliRequest.commandNames().forEach(n -> candidates.add(new Candidate(n)));
                return;
            }
            List<String> names = d == null ? null : CliRequest.argumentNames(d);
            if (names != null) {
                for (String n : names) {
                    candidates.add(new Candidate(n + "=", n, null, null, null, null, false));
                }
            }
        };
    }

    /**
     * Runs one input line.
     *
     * @return the line's exit code, or null to leave the shell
     */
    @Nullable Integer handle(String input, QmpClient client) {
        String line = input.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return CliException.OK;
        }
        try {
            List<String> words = line.startsWith("{") ? List.of() : tokenize(line);
            if (!words.isEmpty()) {
                switch (words.get(0)) {
                    case "exit", "bye" -> {
                        return null;
                    }
                    case "help", "?" -> {
                        help(words.size() > 1 ? words.get(1) : null);
                        return CliException.OK;
                    }
                    case "commands" -> {
                        show(String.join("\n", columns(CliRequest.commandNames())));
                        return CliException.OK;
                    }
                    default -> { }
                }
            }
            CliRequest request = parse(line, words);
            show(CliRequest.toJson(request.run(client, timeout), true));
            return CliException.OK;
        } catch (CliException e) {
            showError("error: " + e.getMessage());
            return e.exitCode();
        }
    }

    private CliRequest parse(String line, List<String> words) {
        if (line.startsWith("{")) {
            JsonNode tree;
            try {
                tree = QapiJson.TREE_MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw CliException.usage("not valid JSON: " + e.getOriginalMessage());
            }
            JsonNode execute = tree.get("execute");
            if (execute == null || !execute.isTextual()) {
                throw CliException.usage("a JSON line must be a QMP request: {\"execute\": \"query-status\", \"arguments\": {...}}");
            }
            JsonNode args = tree.get("arguments");
            return CliRequest.prepare(execute.asText(), List.of(), args == null ? null : args.toString(), false, this::showError);
        }
        boolean raw = words.get(0).equals("raw");
        int at = raw ? 1 : 0;
        if (words.size() <= at) {
            throw CliException.usage("raw needs a command name: raw COMMAND [key=value ... | {json}]");
        }
        String name = words.get(at);
        List<String> rest = words.subList(at + 1, words.size());
        String json = null;
        int brace = line.indexOf('{');
        if (!rest.isEmpty() && rest.get(0).startsWith("{") && brace > 0) {
            json = line.substring(brace);
            rest = List.of();
        }
        try {
            return CliRequest.prepare(name, rest, json, raw, this::showError);
        } catch (CliException e) {
            if (!raw && QmpCommands.byName(name) == null && e.exitCode() == CliException.USAGE) {
                throw CliException.usage("unknown command '" + name + "': it is not in the QEMU 2.11.2 schema"
                        + CliRequest.suggestion(name, CliRequest.commandNames()) + ". Type 'raw " + name + " ...' to send it unchecked.");
            }
            throw e;
        }
    }

    private void help(@Nullable String command) {
        if (command == null) {
            show(HELP);
            return;
        }
        CommandDescriptor<?, ?> d = QmpCommands.byName(command);
        if (d == null) {
            throw CliException.usage("unknown command '" + command + "'" + CliRequest.suggestion(command, CliRequest.commandNames()));
        }
        show(command + ": " + CliRequest.describeArguments(d) + "; returns " + d.returnTypeName());
    }

    /**
     * Splits a line into words at spaces, keeping quoted parts together: {@code command-line="info version"}
     * is one word {@code command-line=info version}. Double quotes take backslash escapes; single quotes
     * are literal.
     */
    static List<String> tokenize(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw CliException.usage("unbalanced " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static List<String> columns(List<String> names) {
        int width = names.stream().mapToInt(String::length).max().orElse(0) + 2;
        int perLine = Math.max(1, 100 / width);
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(String.format("%-" + width + "s", names.get(i)));
            if ((i + 1) % perLine == 0) {
                lines.add(sb.toString().stripTrailing());
                sb.setLength(0);
            }
        }
        if (sb.length() > 0) {
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    private void show(String text) {
        print(text, cli.out::println);
    }

    private void showError(String text) {
        print(text, cli.err::println);
    }

    private void print(String text, Consumer<String> plain) {
        LineReader lr = reader;
        if (lr != null) {
            lr.printAbove(text);
        } else {
            synchronized (cli.out) {
                plain.accept(text);
            }
        }
    }
}
