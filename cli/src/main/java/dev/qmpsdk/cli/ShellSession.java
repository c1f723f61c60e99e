package dev.qmpsdk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.QmpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What {@code qmp shell} does with each line, wherever it came from: a QMP command ({@code key=value} or JSON,
 * checked against the schema), a {@code transaction(} ... {@code )} collecting actions into one
 * {@code transaction} command, the shell's own words ({@code help}, {@code commands}, {@code exit}), or in HMP
 * mode an HMP command line sent through {@code human-monitor-command}.
 */
final class ShellSession {
    static final String HELP = String.join("\n",
            "  COMMAND [key=value ...]        run a command, checked against the server's schema (and the compiled 2.11.2 one)",
            "  COMMAND {json}                 the same, arguments as one JSON object",
            "  {\"execute\": ..., \"arguments\": ...}   a QMP request as JSON",
            "  raw COMMAND [key=value | {json}]   send without the schema check",
            "  transaction(                   start a transaction: then one action per line,",
            "  ACTION [key=value ...]           e.g. block-dirty-bitmap-add node=drive0 name=bitmap0",
            "  ) [key=value ...]              send them as one 'transaction' (properties, e.g. completion-mode=grouped)",
            "  transaction( ACTION ... )      a transaction of one action on one line",
            "  help [COMMAND]                 this help, or a command's arguments",
            "  commands                       every command of the server's schema",
            "  exit                           leave (Ctrl-D too; 'quit' is QMP's: it stops the VM)");

    /** How long a failed command's connection may take to be seen ending (the client reads the hang-up). */
    private static final Duration CONNECTION_END_GRACE = Duration.ofSeconds(2);

    private final QmpClient client;
    private final Duration timeout;
    private final ShellOutput output;
    private final boolean hmp;
    /** The server's schema and version: what lines are checked against and what {@code commands} lists. */
    private final CliServerSchema server;
    /** The actions of an open {@code transaction(}, else null. */
    private @Nullable List<List<String>> transaction;
    /** HMP's current CPU ({@code cpu N}), or null for the monitor's default. */
    private @Nullable Integer cpuIndex;
    /** The connection ended without {@code quit}: the shell left, and exits with {@link CliException#CONNECTION}. */
    private boolean lost;

    ShellSession(QmpClient client, Duration timeout, ShellOutput output, boolean hmp, CliServerSchema server) {
        this.client = client;
        this.timeout = timeout;
        this.output = output;
        this.hmp = hmp;
        this.server = server;
    }

    /** What the shell's tab key offers: the server's commands and arguments. */
    SchemaCompletion completion() {
        return server.completion();
    }

    boolean inTransaction() {
        return transaction != null;
    }

    /** {@code (qmp) }, {@code TRANS> } inside a transaction, {@code (qemu) } in HMP mode. */
    String prompt() {
        return hmp ? "(qemu) " : inTransaction() ? "TRANS> " : "(qmp) ";
    }

    /**
     * Runs one input line.
     *
     * @return the line's exit code, or null to leave the shell
     */
    @Nullable Integer handle(String input) {
        String line = input.strip();
        if (line.isEmpty() || (!hmp && line.startsWith("#"))) {
            return CliException.OK;
        }
        if (client.state().isTerminal()) {
            // The VM exited or the monitor hung up: every further line would fail the same way.
            output.error("error: the connection to the monitor has ended (" + client.state() + "); leaving the shell");
            lost = true;
            return null;
        }
        try {
            // HMP lines go to the monitor as typed; it has its own quoting.
            List<String> words = hmp ? List.of(line.split("\\s+")) : line.startsWith("{") ? List.of() : tokenize(line);
            if (!words.isEmpty() && (words.get(0).equals("exit") || words.get(0).equals("bye"))) {
                return null;
            }
            if (hmp) {
                return hmpLine(line, words);
            }
            if (transaction != null) {
                return action(words);
            }
            if (!words.isEmpty()) {
                switch (words.get(0)) {
                    case "help", "?" -> {
                        help(words.size() > 1 ? words.get(1) : null);
                        return CliException.OK;
                    }
                    case "commands" -> {
                        output.show(String.join("\n", columns(server.commandNames())));
                        return CliException.OK;
                    }
                    case "transaction(" -> {
                        transaction = new ArrayList<>();
                        return words.size() == 1 ? Integer.valueOf(CliException.OK) : action(words.subList(1, words.size()));
                    }
                    default -> { }
                }
            }
            return run(parse(line, words));
        } catch (CliException e) {
            output.error("error: " + e.getMessage());
            if (e.getCause() instanceof QmpConnectionException && connectionEnds()) {
                // A command can fail with its connection an instant before the client's state says so (a request
                // refused by a writer that has just seen the end, before the session has): wait a moment for the state,
                // or the next line would be sent, and fail, too.
                output.error("error: the connection to the monitor has ended (" + client.state() + "); leaving the shell");
                lost = true;
                return null;
            }
            return e.exitCode();
        }
    }

    /** Whether the connection reaches a terminal state within a moment (after a command failed with it). */
    private boolean connectionEnds() {
        return client.state().isTerminal() || client.states().filter(ConnectionState::isTerminal).next()
                .timeout(CONNECTION_END_GRACE, Mono.empty()).blockOptional().isPresent();
    }

    /** At the end of input: an unclosed transaction is discarded, and says so; a lost connection is exit code 3. */
    int end() {
        if (transaction == null) {
            return lost ? CliException.CONNECTION : CliException.OK;
        }
        output.error("error: the transaction( was never closed with ')': its " + transaction.size() + " action(s) were not sent");
        transaction = null;
        return CliException.USAGE;
    }

    private @Nullable Integer run(CliRequest request) {
        output.sent(request);
        output.result(request.run(client, timeout));
        return request.name().equals("quit") ? afterQuit() : Integer.valueOf(CliException.OK);
    }

    /** QEMU closes the connection after answering {@code quit}; the shell waits for that and leaves (not an error). */
    private @Nullable Integer afterQuit() {
        client.states().filter(ConnectionState::isTerminal).next().timeout(timeout, Mono.empty()).block();
        output.error("the VM quit; leaving the shell");
        return null;
    }

    // ------------------------------------------------------------------ transactions

    /** {@code ACTION key=value ...}, optionally ending with {@code )}; or {@code ) [key=value ...]}. */
    private @Nullable Integer action(List<String> words) {
        List<List<String>> actions = Objects.requireNonNull(transaction);
        if (words.get(0).equals(")")) {
            return send(actions, words.subList(1, words.size()));
        }
        boolean closes = words.get(words.size() - 1).equals(")");
        List<String> action = closes ? words.subList(0, words.size() - 1) : words;
        if (!action.isEmpty()) {
            actions.add(List.copyOf(action));
        }
        return closes ? send(actions, List.of()) : Integer.valueOf(CliException.OK);
    }

    private @Nullable Integer send(List<List<String>> actions, List<String> properties) {
        transaction = null;
        return run(CliRequest.transaction(actions, properties, server, output::error));
    }

    // ------------------------------------------------------------------ HMP

    /** An HMP command line, sent as it was typed; {@code cpu N} picks the CPU later lines run on, as in HMP. */
    private @Nullable Integer hmpLine(String line, List<String> words) {
        if (words.size() == 2 && words.get(0).equals("cpu")) {
            int index;
            try {
                index = Integer.parseInt(words.get(1));
            } catch (NumberFormatException e) {
                throw CliException.usage("cpu takes a CPU index, like 'cpu 1'; got '" + words.get(1) + "'");
            }
            // Ask the monitor: the check that the CPU exists is its own.
            try {
                hmpCommand("info version", index, true);
            } catch (CliException e) {
                throw new CliException(e.exitCode(), "no CPU " + index + ": " + e.getMessage());
            }
            cpuIndex = index;
            return CliException.OK;
        }
        output.text(hmpCommand(line, cpuIndex, true));
        return words.get(0).equals("quit") || words.get(0).equals("q") ? afterQuit() : Integer.valueOf(CliException.OK);
    }

    /** Runs an HMP command line and returns what it printed; {@code echo}: show it with {@code -v}. */
    String hmpCommand(String line, @Nullable Integer cpu, boolean echo) {
        ObjectNode args = JsonNodeFactory.instance.objectNode().put("command-line", line);
        if (cpu != null) {
            args.put("cpu-index", cpu);
        }
        CliRequest request = CliRequest.prepare("human-monitor-command", args, false, server, output::error);
        if (echo) {
            output.sent(request);
        }
        JsonNode result = request.run(client, timeout);
        return result.isTextual() ? result.asText() : result.toString();
    }

    // ------------------------------------------------------------------ QMP lines

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
            return CliRequest.prepare(execute.asText(), List.of(), args == null ? null : args.toString(), false, server, output::error);
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
        boolean known = QmpCommands.byName(name) != null || server.commandNames().contains(name);
        if (!raw && !known) {
            throw CliException.usage("unknown command '" + name + "': " + (server.schema() == null ? "it is not in the QEMU 2.11.2 schema"
                    : "neither the server (QEMU " + server.version() + ") nor the QEMU 2.11.2 schema has it")
                    + CliRequest.suggestion(name, server.commandNames()) + ". Type 'raw " + name + " ...' to send it unchecked.");
        }
        return CliRequest.prepare(name, rest, json, raw, server, output::error);
    }

    private void help(@Nullable String command) {
        if (command == null) {
            output.show(HELP);
            return;
        }
        CommandDescriptor<?, ?> d = QmpCommands.byName(command);
        ServerSchema schema = server.schema();
        if (schema != null && schema.command(command).isPresent()) {
            // The server's own description: it may differ from 2.11.2's, or be of a newer command.
            output.show(command + ": " + ServerArgumentCheck.describe(schema, command) + (d == null ? "" : "; returns " + d.returnTypeName()));
            return;
        }
        if (d == null || schema != null) {
            throw CliException.usage("unknown command '" + command + "'" + (d == null ? "" : ": the server (QEMU " + server.version()
                    + ") does not have it (it is in the 2.11.2 schema: newer QEMUs removed or renamed it)")
                    + CliRequest.suggestion(command, server.commandNames()));
        }
        output.show(command + ": " + CliRequest.describeArguments(d) + "; returns " + d.returnTypeName());
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
}
