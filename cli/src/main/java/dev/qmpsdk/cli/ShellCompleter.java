package dev.qmpsdk.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jspecify.annotations.Nullable;

/**
 * The shell's tab key. QMP lines: command names and the shell's own words first, then what
 * {@link SchemaCompletion} offers for the command's arguments; inside {@code transaction(} the action types
 * and their arguments. HMP lines ({@code -H}): the monitor's own command names and {@code info} topics, read
 * from its {@code help} and {@code info} output when the shell starts.
 */
final class ShellCompleter implements Completer {
    /** The shell's words that are not QMP commands. */
    static final List<String> BUILTINS = List.of("help", "commands", "exit", "raw", "transaction(");

    private final @Nullable SchemaCompletion schema;
    private final BooleanSupplier inTransaction;
    private final List<String> hmpCommands;
    private final List<String> hmpInfoTopics;
    private final boolean hmp;

    private ShellCompleter(@Nullable SchemaCompletion schema, BooleanSupplier inTransaction, boolean hmp, List<String> hmpCommands, List<String> hmpInfoTopics) {
        this.schema = schema;
        this.inTransaction = inTransaction;
        this.hmp = hmp;
        this.hmpCommands = hmpCommands;
        this.hmpInfoTopics = hmpInfoTopics;
    }

    /** QMP lines, from a schema (the server's, or the compiled one); {@code inTransaction} says whether a {@code transaction(} is open. */
    static ShellCompleter qmp(SchemaCompletion schema, BooleanSupplier inTransaction) {
        return new ShellCompleter(schema, inTransaction, false, List.of(), List.of());
    }

    /** HMP lines, from the text of the monitor's {@code help} and {@code info} commands. */
    static ShellCompleter hmp(String helpOutput, String infoOutput) {
        return new ShellCompleter(null, () -> false, true, hmpCommands(helpOutput), hmpInfoTopics(infoOutput));
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String partial = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        for (String c : candidates(line.words().subList(0, Math.min(line.wordIndex(), line.words().size())), partial)) {
            boolean more = c.endsWith("=") || c.endsWith(".");
            candidates.add(new Candidate(c, c, null, null, null, null, !more));
        }
    }

    /** What completes {@code partial} after the words {@code before} it on the line; each candidate starts with it. */
    List<String> candidates(List<String> before, String partial) {
        List<String> all = hmp ? hmpCandidates(before) : qmpCandidates(before, partial);
        return all.stream().filter(c -> c.startsWith(partial)).toList();
    }

    private List<String> qmpCandidates(List<String> before, String partial) {
        SchemaCompletion schema = Objects.requireNonNull(this.schema);
        if (inTransaction.getAsBoolean()) {
            return actionCandidates(before, partial, true);
        }
        if (before.isEmpty()) {
            List<String> all = new ArrayList<>(schema.commandNames());
            all.addAll(BUILTINS);
            return all;
        }
        String first = before.get(0);
        switch (first) {
            case "transaction(" -> {
                return actionCandidates(before.subList(1, before.size()), partial, false);
            }
            case "help" -> {
                return before.size() == 1 ? schema.commandNames() : List.of();
            }
            case "raw" -> {
                return before.size() == 1 ? schema.commandNames() : schema.arguments(before.get(1), before.subList(2, before.size()), partial);
            }
            default -> {
                return schema.arguments(first, before.subList(1, before.size()), partial);
            }
        }
    }

    /** An action line: its type, then its data's members; {@code )} closes the transaction. */
    private List<String> actionCandidates(List<String> before, String partial, boolean canClose) {
        SchemaCompletion schema = Objects.requireNonNull(this.schema);
        if (before.isEmpty()) {
            List<String> all = new ArrayList<>(schema.transactionActions());
            if (canClose) {
                all.add(")");
            }
            return all;
        }
        if (before.get(0).equals(")")) {
            return schema.arguments("transaction", List.of(), "properties." + partial).stream()
                    .map(c -> c.substring("properties.".length())).toList();
        }
        return schema.actionArguments(before.get(0), before.subList(1, before.size()), partial);
    }

    private List<String> hmpCandidates(List<String> before) {
        if (before.isEmpty()) {
            return hmpCommands;
        }
        if (before.size() == 1 && before.get(0).equals("info")) {
            return hmpInfoTopics;
        }
        if (before.size() == 1 && before.get(0).equals("help")) {
            return hmpCommands;
        }
        return List.of();
    }

    /**
     * The command names in HMP's {@code help} text: the first word of each line ({@code block_resize device size
     * -- ...}), the long name of {@code q|quit}; continuation lines start with a tab.
     */
    static List<String> hmpCommands(String helpOutput) {
        TreeSet<String> names = new TreeSet<>();
        for (String line : helpOutput.split("\r?\n")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0)) || line.startsWith("[")) {
                continue;
            }
            String name = line.split("\\s+", 2)[0];
            String longest = "";
            for (String alias : name.split("\\|")) {
                if (alias.length() > longest.length()) {
                    longest = alias;
                }
            }
            if (!longest.isEmpty()) {
                names.add(longest);
            }
        }
        return List.copyOf(names);
    }

    /** The topics in HMP's {@code info} text: the second word of each {@code info TOPIC ... -- ...} line. */
    static List<String> hmpInfoTopics(String infoOutput) {
        TreeSet<String> topics = new TreeSet<>();
        for (String line : infoOutput.split("\r?\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length > 1 && words[0].equals("info")) {
                topics.add(words[1]);
            }
        }
        return List.copyOf(topics);
    }
}
