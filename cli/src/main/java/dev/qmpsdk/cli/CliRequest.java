package dev.qmpsdk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.reactive.QmpClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One command as the CLI runs it ({@code qmp exec} and each line of {@code qmp shell}): the name and the
 * {@code key=value} / JSON arguments typed by a person, checked against the compiled 2.11.2 schema and the
 * connected server's own ({@link CliServerSchema}) before anything is sent: a command the server does not have is
 * refused with its version, and one newer than 2.11.2 is checked by {@link ServerArgumentCheck} instead of
 * needing {@code --raw}; where the two schemas disagree, the server's decides.
 *
 * <p>The compiled check decodes the arguments in strict mode through the command's generated descriptor, exactly as
 * a server built from the schema would: unknown, missing and mistyped arguments fail with the decoder's
 * message, and the valid argument names come from the generated {@code _MEMBERS} / {@code _REQUIRED_MEMBERS}
 * lists of the argument class. What is sent is the tree the person wrote, and what is printed is the tree
 * the server returned (so members newer than the schema are shown, not dropped by typed decoding).
 */
final class CliRequest {
    private static final QmpCodec STRICT = QmpCodec.of(QmpEvents.REGISTRY).withStrict(true);
    private static final ObjectReader VALUE_READER = QapiJson.TREE_MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern UNKNOWN_MEMBER = Pattern.compile("member '([^']*)' is not part of .*");
    private static final Pattern DISCRIMINATOR = Pattern.compile("discriminator '([^']*)'");
    private static final Pattern MISSING_MEMBER = Pattern.compile("required member '([^']*)' of .* is missing");

    private final String name;
    private final @Nullable ObjectNode arguments;
    /** Checked, and a command of the compiled schema: a {@code CommandNotFound} then means it was removed or renamed. */
    private final boolean compiled;

    private CliRequest(String name, @Nullable ObjectNode arguments, boolean compiled) {
        this.name = name;
        this.arguments = arguments;
        this.compiled = compiled;
    }

    String name() {
        return name;
    }

    @Nullable ObjectNode arguments() {
        return arguments;
    }

    /** The request as it goes on the wire, without its id: {@code {"execute": ..., "arguments": {...}}}. */
    ObjectNode wire() {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("execute", name);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        return request;
    }

    /**
     * Arguments as typed, not yet checked: built before connecting, so a malformed {@code key=value} fails without a
     * server.
     *
     * @param arguments the arguments object
     * @param guessed values typed as {@code key=value} that parsed as JSON but not as a string, by JSON pointer: the
     *     text typed, sent instead where the schema wants a string
     */
    record Typed(ObjectNode arguments, Map<String, String> guessed) {
        /**
         * @param pairs {@code key=value} arguments; a value is JSON when it parses as JSON (numbers, booleans,
         *     objects, quoted strings), else a string; {@code a.b=1} nests
         * @param json an arguments object, or null; pairs are applied on top of it
         * @throws CliException with {@link CliException#USAGE} when they are not arguments
         */
        static Typed of(List<String> pairs, @Nullable String json) {
            Map<String, String> guessed = new HashMap<>();
            return new Typed(build(pairs, json, guessed), guessed);
        }
    }

    /**
     * Builds and checks a request against the compiled schema and, when known, the server's own.
     *
     * @param raw send without the schema check (commands or arguments neither schema knows)
     * @param server the connected server's schema ({@link CliServerSchema#UNKNOWN}: the compiled schema alone)
     * @param warn where warnings go
     * @throws CliException with {@link CliException#USAGE} for anything the schemas reject, with
     *     {@link CliException#COMMAND_FAILED} for a command of the compiled schema that the server does not have
     */
    static CliRequest prepare(String name, Typed typed, boolean raw, CliServerSchema server, Consumer<String> warn) {
        return prepare(name, typed.arguments(), typed.guessed(), raw, server, warn);
    }

    /** {@link #prepare(String, Typed, boolean, CliServerSchema, Consumer)} of {@code key=value} pairs and JSON. */
    static CliRequest prepare(String name, List<String> pairs, @Nullable String json, boolean raw, CliServerSchema server, Consumer<String> warn) {
        return prepare(name, Typed.of(pairs, json), raw, server, warn);
    }

    /**
     * A {@code transaction} of several actions, each written like a command ({@code drive-backup device=d0
     * sync=full}), checked as one command.
     *
     * @param actions each action's type followed by its {@code key=value} data
     * @param properties {@code key=value} transaction properties ({@code completion-mode=grouped}), may be empty
     */
    static CliRequest transaction(List<List<String>> actions, List<String> properties, CliServerSchema server, Consumer<String> warn) {
        Map<String, String> guessed = new HashMap<>();
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        var list = args.putArray("actions");
        for (List<String> action : actions) {
            ObjectNode entry = list.addObject();
            entry.put("type", action.get(0));
            putPairs(entry.putObject("data"), "/actions/" + (list.size() - 1) + "/data", action.subList(1, action.size()), guessed);
        }
        if (!properties.isEmpty()) {
            putPairs(args.putObject("properties"), "/properties", properties, guessed);
        }
        return prepare("transaction", args, guessed, false, server, warn);
    }

    /** An {@code arguments} object built by the caller, checked unless {@code raw}. */
    static CliRequest prepare(String name, ObjectNode args, boolean raw, CliServerSchema server, Consumer<String> warn) {
        return prepare(name, args, new HashMap<>(), raw, server, warn);
    }

    private static CliRequest prepare(String name, ObjectNode args, Map<String, String> guessed, boolean raw, CliServerSchema server,
            Consumer<String> warn) {
        CommandDescriptor<?, ?> descriptor = QmpCommands.byName(name);
        ServerSchema schema = server.schema();
        boolean onServer = schema != null && schema.command(name).isPresent();
        if (raw) {
            if (descriptor == null && !onServer) {
                warn.accept("warning: '" + name + "' is not a command of the compiled QEMU 2.11.2 schema; sending it unchecked (--raw)");
            }
            return new CliRequest(name, args.isEmpty() ? null : args, false);
        }
        if (schema != null && !onServer) {
            if (descriptor != null) {
                throw new CliException(CliException.COMMAND_FAILED, "'" + name + "' was not sent: the server (QEMU " + server.version()
                        + ") does not have this command (it is in the 2.11.2 schema: newer QEMUs removed or renamed it)"
                        + suggestion(name, server.commandNames()));
            }
            throw CliException.usage("unknown command '" + name + "': neither the server (QEMU " + server.version()
                    + ") nor the QEMU 2.11.2 schema has it" + suggestion(name, server.commandNames())
                    + ". Run 'qmp exec --raw " + name + " ...' to send it unchecked.");
        }
        if (descriptor == null && schema == null) {
            throw CliException.usage("unknown command '" + name + "': it is not in the QEMU 2.11.2 schema"
                    + suggestion(name, commandNames())
                    + ". Run 'qmp exec --raw " + name + " ...' to send it unchecked to a newer QEMU that has it.");
        }
        if (descriptor == null) {
            checkOnServer(name, args, guessed, server);
        } else if (schema == null) {
            check(descriptor, args, guessed);
        } else {
            try {
                check(descriptor, args, guessed);
            } catch (CliException compiled) {
                // The server may have what 2.11.2 lacks (a member, an enum value): what it accepts is sent.
            }
            checkOnServer(name, args, guessed, server);
        }
        if (schema != null && schema.command(name).orElseThrow().features().deprecated()) {
            warn.accept("warning: '" + name + "' is deprecated on this server (QEMU " + server.version() + "): a later QEMU may remove it");
        }
        return new CliRequest(name, args.isEmpty() ? null : args, descriptor != null);
    }

    /** The server's schema's verdict on the arguments (see {@link ServerArgumentCheck}). */
    private static void checkOnServer(String name, ObjectNode args, Map<String, String> guessed, CliServerSchema server) {
        ServerSchema schema = Objects.requireNonNull(server.schema());
        String problem = ServerArgumentCheck.problem(schema, name, args, guessed);
        if (problem != null) {
            throw CliException.usage("invalid arguments for '" + name + "': " + problem + "\n" + ServerArgumentCheck.describe(schema, name)
                    + " (the server's schema, QEMU " + server.version() + ")");
        }
    }

    // ------------------------------------------------------------------ building the arguments

    private static ObjectNode build(List<String> pairs, @Nullable String json, Map<String, String> guessed) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        if (json != null) {
            JsonNode tree;
            try {
                tree = VALUE_READER.readTree(json);
            } catch (JsonProcessingException e) {
                throw CliException.usage("--json is not valid JSON: " + e.getOriginalMessage());
            }
            if (tree == null || !tree.isObject()) {
                throw CliException.usage("--json must be a JSON object of arguments, like '{\"command-line\": \"info version\"}'");
            }
            args.setAll((ObjectNode) tree);
        }
        putPairs(args, "", pairs, guessed);
        return args;
    }

    /**
     * Sets {@code key=value} pairs in {@code args}, which is at JSON pointer {@code base} of the arguments; a value
     * that parsed as JSON but not as a string is remembered in {@code guessed} (by its pointer), so the check can
     * send the text instead where the schema wants a string.
     */
    private static void putPairs(ObjectNode args, String base, List<String> pairs, Map<String, String> guessed) {
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("'" + pair + "' is not an argument: write key=value (e.g. command-line=\"info version\"), or pass --json '{...}'");
            }
            String key = pair.substring(0, eq);
            String text = pair.substring(eq + 1);
            String[] path = key.split("\\.", -1);
            ObjectNode parent = args;
            StringBuilder pointer = new StringBuilder();
            for (int i = 0; i < path.length - 1; i++) {
                if (path[i].isEmpty()) {
                    throw CliException.usage("'" + key + "' is not an argument name");
                }
                pointer.append('/').append(path[i]);
                JsonNode child = parent.get(path[i]);
                if (child == null) {
                    parent = parent.putObject(path[i]);
                } else if (child instanceof ObjectNode o) {
                    parent = o;
                } else {
                    throw CliException.usage("'" + key + "': " + pointer.substring(1).replace('/', '.') + " is already set to " + child + ", not an object");
                }
            }
            String last = path[path.length - 1];
            if (last.isEmpty()) {
                throw CliException.usage("'" + key + "' is not an argument name");
            }
            JsonNode value = parseValue(text);
            parent.set(last, value);
            if (!value.isTextual()) {
                guessed.put(base + pointer + "/" + last, text);
            }
        }
    }

    /** JSON when the text is JSON ({@code 1}, {@code true}, {@code {"a": 1}}, {@code "quoted"}), else the text itself. */
    static JsonNode parseValue(String text) {
        if (text.isEmpty()) {
            return TextNode.valueOf(text);
        }
        try {
            JsonNode node = VALUE_READER.readTree(text);
            return node == null || node.isMissingNode() ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    // ------------------------------------------------------------------ checking them

    private static void check(CommandDescriptor<?, ?> descriptor, ObjectNode args, Map<String, String> guessed) {
        for (int attempt = 0; ; attempt++) {
            try {
                STRICT.decodeArguments(descriptor, new QmpRequest(descriptor.name(), args, null, false));
                return;
            } catch (QmpProtocolException e) {
                // A value given as key=value that parsed as a number or boolean, where the schema wants a
                // string (id=123, name=true): the person meant the text.
                String at = relative(e.jsonPath());
                Matcher discriminator = DISCRIMINATOR.matcher(e.getMessage());
                if (!guessed.containsKey(at) && discriminator.find()) {
                    at = at + "/" + discriminator.group(1);
                }
                String text = guessed.get(at);
                if (text != null && attempt <= guessed.size() && args.at(at).isValueNode() && !args.at(at).isTextual()) {
                    int slash = at.lastIndexOf('/');
                    JsonNode parent = slash == 0 ? args : args.at(at.substring(0, slash));
                    ((ObjectNode) parent).set(at.substring(slash + 1), TextNode.valueOf(text));
                    guessed.remove(at);
                    continue;
                }
                throw CliException.usage("invalid arguments for '" + descriptor.name() + "': " + problem(e)
                        + "\n" + describeArguments(descriptor));
            }
        }
    }

    private static String relative(@Nullable String jsonPath) {
        if (jsonPath == null) {
            return "";
        }
        return jsonPath.startsWith("/arguments") ? jsonPath.substring("/arguments".length()) : jsonPath;
    }

    private static String problem(QmpProtocolException e) {
        String msg = e.getMessage();
        int colon = msg.indexOf(": ");
        String problem = (e.subject() != null && colon >= 0 ? msg.substring(colon + 2) : msg).replace(" (strict mode)", "");
        String at = relative(e.jsonPath());
        Matcher unknown = UNKNOWN_MEMBER.matcher(problem);
        if (unknown.matches()) {
            String member = unknown.group(1);
            String parent = at.endsWith("/" + member) ? at.substring(0, at.length() - member.length() - 1) : "";
            return parent.isEmpty() ? "unknown argument '" + member + "'" : "unknown member '" + member + "' in " + dotted(parent);
        }
        Matcher missing = MISSING_MEMBER.matcher(problem);
        if (missing.matches()) {
            return at.isEmpty() ? "missing required argument '" + missing.group(1) + "'"
                    : "missing required member '" + missing.group(1) + "' in " + dotted(at);
        }
        return at.isEmpty() ? problem : dotted(at) + ": " + problem;
    }

    private static String dotted(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }

    /** {@code valid arguments: command-line (required), cpu-index}, from the generated argument class. */
    static String describeArguments(CommandDescriptor<?, ?> descriptor) {
        if (!descriptor.hasArguments()) {
            return descriptor.name() + " takes no arguments";
        }
        List<String> members = argumentNames(descriptor);
        if (members == null) {
            Class<?> type = descriptor.argumentsType();
            return "the arguments of " + descriptor.name() + " are a " + (type == null ? "union" : type.getSimpleName())
                    + " union: which members are valid depends on its discriminator (see the QAPI documentation)";
        }
        List<String> required = requiredArgumentNames(descriptor);
        List<String> shown = new ArrayList<>();
        for (String m : members) {
            shown.add(required.contains(m) ? m + " (required)" : m);
        }
        return "valid arguments: " + String.join(", ", shown);
    }

    /** The wire names of a command's arguments, or null when they are a union (or the command takes none). */
    static @Nullable List<String> argumentNames(CommandDescriptor<?, ?> descriptor) {
        return staticList(descriptor.argumentsType(), "_MEMBERS");
    }

    static List<String> requiredArgumentNames(CommandDescriptor<?, ?> descriptor) {
        List<String> names = staticList(descriptor.argumentsType(), "_REQUIRED_MEMBERS");
        return names == null ? List.of() : names;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable List<String> staticList(@Nullable Class<?> type, String field) {
        if (type == null) {
            return null;
        }
        try {
            Field f = type.getField(field);
            return Modifier.isStatic(f.getModifiers()) ? (List<String>) f.get(null) : null;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return null;
        }
    }

    static List<String> commandNames() {
        return QmpCommands.ALL.stream().map(CommandDescriptor::name).sorted().toList();
    }

    /** {@code ; did you mean query-status?} for a near miss, else empty. */
    static String suggestion(String wrong, List<String> candidates) {
        List<String> near = candidates.stream()
                .filter(c -> distance(wrong, c) <= Math.max(2, wrong.length() / 4) || (wrong.length() >= 4 && c.contains(wrong)))
                .sorted(Comparator.comparingInt(c -> distance(wrong, c)))
                .limit(4)
                .toList();
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ------------------------------------------------------------------ running it

    /**
     * Sends the request and waits for the server's answer.
     *
     * @return the {@code return} value as the server sent it
     * @throws CliException {@link CliException#COMMAND_FAILED} for an error reply, {@link CliException#CONNECTION}
     *     when the connection is lost or the deadline passes
     */
    JsonNode run(QmpClient client, Duration timeout) {
        try {
            JsonNode result = client.executeRaw(name, arguments, timeout).block();
            return result == null ? JsonNodeFactory.instance.objectNode() : result;
        } catch (QmpCommandException e) {
            StringBuilder msg = new StringBuilder("'" + name + "' failed: " + e.errorClass() + ": " + e.description());
            if (e.isCommandNotFound()) {
                QmpGreeting g = client.greeting();
                msg.append("\nthe server (QEMU ").append(g == null ? "?" : g.major() + "." + g.minor() + "." + g.micro())
                        .append(") does not have this command");
                if (compiled) {
                    msg.append(" (it is in the 2.11.2 schema: newer QEMUs removed or renamed it)");
                }
            }
            throw new CliException(CliException.COMMAND_FAILED, msg.toString());
        } catch (QmpTimeoutException e) {
            throw CliException.connection("no reply to '" + name + "' within " + CliSupport.format(timeout)
                    + ": the VM may be stopped (SIGSTOP) or busy; try a longer --timeout");
        } catch (QmpConnectionException e) {
            throw new CliException(CliException.CONNECTION, "'" + name + "': " + e.getMessage(), e);
        }
    }

    /** Compact or pretty JSON text of a value, members in the order received. */
    static String toJson(JsonNode value, boolean pretty) {
        try {
            return pretty ? QapiJson.TREE_MAPPER.writer(CliSupport.PRETTY).writeValueAsString(value)
                    : QapiJson.TREE_MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
