package dev.qmpsdk.reactive.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qmpsdk.core.introspection.SchemaEntity;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which parts of QMP messages are secrets, and the masking of them before the wire log, the audit trail or any
 * observer sees a message. Immutable; {@link #defaults()} plus what users add.
 *
 * <h2>The rule</h2>
 * A value is a secret, and is replaced whole by {@link #MASK} (an object or array too), when:
 * <ol>
 *   <li><b>by name, anywhere</b> (arguments at any depth, replies, events): its member name is {@code password} or
 *       {@code passwd}, or ends with {@code -password} or {@code -passwd} (case-insensitive);</li>
 *   <li><b>by name, derived from the schema</b>: some object type of the schema has both a member {@code X} and a
 *       member {@code X-secret}: the {@code -secret} member names a {@code secret} object holding the data, so
 *       {@code X} is the same data in the clear (2.11.2: curl's {@code cookie} beside {@code cookie-secret}).
 *       {@code key-secret}, {@code password-secret} and the like are object ids, not data, and stay visible;</li>
 *   <li><b>the explicit list</b> ({@link #EXPLICIT}), for secrets the schema cannot name: {@code change}'s {@code arg}
 *       when {@code device} is {@code vnc}; the {@code data} of {@code object-add} for {@code qom-type} {@code secret}
 *       (2.11.2: {@code props.data}; QEMU 6.0 and later: {@code data}); {@code qom-set}'s {@code value} when
 *       {@code property} is {@code data} or a secret name; everything after the first word of a
 *       {@code human-monitor-command} {@code command-line} that starts with {@code set_password},
 *       {@code block_passwd}, {@code change} or {@code object_add}; and by rule 1 {@code set_password.password},
 *       {@code change-vnc-password.password}, {@code block_passwd.password};</li>
 *   <li><b>the user's own</b>: {@link #withSecretName} (a member name anywhere) and {@link #withSecretMember} (a dotted
 *       path under one command's arguments).</li>
 * </ol>
 * The string values masked in a request are also replaced wherever they appear in that command's reply and error
 * text (a server that echoes a value back). Rule 2 is computed from the compiled schema by {@link #defaults()}, or
 * from a server's own by {@link #fromSchema}.
 *
 * <pre>{@code
 * Redaction r = Redaction.defaults()
 *         .withSecretMember("my-vendor-login", "credentials.token")
 *         .withSecretName("api-key");
 * }</pre>
 */
public final class Redaction {
    /** What a secret value is replaced with. */
    public static final String MASK = "<redacted>";
    /** The explicit list (rule 3), as {@code command.member} for the documentation and tests. */
    public static final List<String> EXPLICIT = List.of("set_password.password", "change-vnc-password.password",
            "block_passwd.password", "change.arg (device vnc)", "object-add.props.data (qom-type secret)",
            "object-add.data (qom-type secret)", "qom-set.value (property data or a secret name)",
            "human-monitor-command.command-line (set_password, block_passwd, change, object_add)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HMP_WITH_SECRETS = Set.of("set_password", "block_passwd", "change", "object_add", "object-add");

    private final Set<String> derivedNames;
    private final Set<String> userNames;
    private final Map<String, List<List<String>>> userPaths;

    private Redaction(Set<String> derivedNames, Set<String> userNames, Map<String, List<List<String>>> userPaths) {
        this.derivedNames = Set.copyOf(derivedNames);
        this.userNames = Set.copyOf(userNames);
        this.userPaths = Map.copyOf(userPaths);
    }

    /** The rule, with rule 2 derived from the schema this SDK was compiled from (computed once). */
    public static Redaction defaults() {
        return Defaults.INSTANCE;
    }

    /** The rule, with rule 2 derived from {@code schema} (say, a connected server's {@code serverSchema()}). */
    public static Redaction fromSchema(ServerSchema schema) {
        return new Redaction(dataTwinsOfSecrets(schema), Set.of(), Map.of());
    }

    /** Also masks every member named {@code memberName}, anywhere, in every message. */
    public Redaction withSecretName(String memberName) {
        Set<String> names = new HashSet<>(userNames);
        names.add(memberName.toLowerCase(Locale.ROOT));
        return new Redaction(derivedNames, names, userPaths);
    }

    /** Also masks {@code dottedPath} ({@code token}, {@code auth.token}) under the arguments of {@code command}. */
    public Redaction withSecretMember(String command, String dottedPath) {
        if (dottedPath.isEmpty() || dottedPath.startsWith(".") || dottedPath.endsWith(".")) {
            throw new IllegalArgumentException("Redaction.withSecretMember: '" + dottedPath + "' of '" + command
                    + "' is not a dotted member path (like 'password' or 'auth.token')");
        }
        Map<String, List<List<String>>> paths = new HashMap<>(userPaths);
        List<List<String>> forCommand = new ArrayList<>(paths.getOrDefault(command, List.of()));
        forCommand.add(List.of(dottedPath.split("\\.")));
        paths.put(command, List.copyOf(forCommand));
        return new Redaction(derivedNames, userNames, paths);
    }

    /** The member names masked anywhere besides rule 1's pattern: rule 2's and the user's, sorted. */
    public Set<String> secretNames() {
        Set<String> all = new TreeSet<>(derivedNames);
        all.addAll(userNames);
        return Collections.unmodifiableSet(all);
    }

    /** Whether a member of this name is masked wherever it appears (rules 1, 2 and {@link #withSecretName}). */
    public boolean isSecretName(String memberName) {
        String n = memberName.toLowerCase(Locale.ROOT);
        return n.equals("password") || n.equals("passwd") || n.endsWith("-password") || n.endsWith("-passwd")
                || derivedNames.contains(n) || userNames.contains(n);
    }

    /** A request ({@code execute} or {@code exec-oob}) with its secrets masked; text that is not a JSON object is masked whole. */
    public RedactedRequest redactRequest(String requestJson) {
        JsonNode request;
        try {
            request = JSON.readTree(requestJson);
        } catch (JsonProcessingException e) {
            return new RedactedRequest(MASK, List.of(), List.of(requestJson));
        }
        if (!(request instanceof ObjectNode message)) {
            return new RedactedRequest(MASK, List.of(), List.of(requestJson));
        }
        List<String> secrets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        JsonNode execute = message.has("execute") ? message.get("execute") : message.get("exec-oob");
        String command = execute == null ? "" : execute.asText();
        if (message.get("arguments") instanceof ObjectNode arguments) {
            arguments.fieldNames().forEachRemaining(names::add);
            maskByName(arguments, secrets);
            maskExplicit(command, arguments, secrets);
            for (List<String> path : userPaths.getOrDefault(command, List.of())) {
                maskPath(arguments, path, 0, secrets);
            }
        }
        return new RedactedRequest(write(message), names, secrets);
    }

    /**
     * An inbound message (reply, event) with rule 1, 2 and user names masked and {@code request}'s secret values
     * scrubbed; text that is not JSON comes back scrubbed and escaped.
     */
    public String redactIncoming(String messageJson, RedactedRequest request) {
        JsonNode message;
        try {
            message = JSON.readTree(messageJson);
        } catch (JsonProcessingException e) {
            return LogText.escape(request.scrub(messageJson));
        }
        if (message == null) {
            return "";
        }
        maskByName(message, new ArrayList<>());
        return request.scrub(write(message));
    }

    private void maskByName(JsonNode node, List<String> secrets) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> members = object.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> m = members.next();
                if (isSecretName(m.getKey())) {
                    collectStrings(m.getValue(), secrets);
                    m.setValue(TextNode.valueOf(MASK));
                } else {
                    maskByName(m.getValue(), secrets);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                maskByName(element, secrets);
            }
        }
    }

    private void maskExplicit(String command, ObjectNode arguments, List<String> secrets) {
        switch (command) {
            case "change" -> {
                if ("vnc".equals(arguments.path("device").asText())) {
                    mask(arguments, "arg", secrets);
                }
            }
            case "object-add" -> {
                if ("secret".equals(arguments.path("qom-type").asText())) {
                    mask(arguments, "data", secrets);
                    if (arguments.get("props") instanceof ObjectNode props) {
                        mask(props, "data", secrets);
                    }
                }
            }
            case "qom-set" -> {
                String property = arguments.path("property").asText();
                if (property.equals("data") || isSecretName(property)) {
                    mask(arguments, "value", secrets);
                }
            }
            case "human-monitor-command" -> {
                String line = arguments.path("command-line").asText();
                String trimmed = line.strip();
                int space = trimmed.indexOf(' ');
                String first = space < 0 ? trimmed : trimmed.substring(0, space);
                if (space > 0 && HMP_WITH_SECRETS.contains(first)) {
                    collectStrings(arguments.get("command-line"), secrets);
                    secrets.add(trimmed.substring(space + 1).strip());
                    arguments.put("command-line", first + " " + MASK);
                }
            }
            default -> { }
        }
    }

    private static void mask(ObjectNode object, String member, List<String> secrets) {
        JsonNode value = object.get(member);
        if (value != null) {
            collectStrings(value, secrets);
            object.put(member, MASK);
        }
    }

    private static void maskPath(JsonNode node, List<String> path, int at, List<String> secrets) {
        if (!(node instanceof ObjectNode object) || !object.has(path.get(at))) {
            return;
        }
        if (at == path.size() - 1) {
            mask(object, path.get(at), secrets);
        } else {
            maskPath(object.get(path.get(at)), path, at + 1, secrets);
        }
    }

    /** Every string and number under {@code value}, to scrub from replies; too short to be found reliably: skipped. */
    private static void collectStrings(@Nullable JsonNode value, List<String> secrets) {
        if (value == null) {
            return;
        }
        if (value.isValueNode()) {
            String text = value.asText();
            if (text.length() >= 3 && !text.equals(MASK)) {
                secrets.add(text);
            }
        } else {
            for (JsonNode child : value) {
                collectStrings(child, secrets);
            }
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a redacted QMP message: " + e.getMessage(), e);
        }
    }

    /** Rule 2: every member {@code X} of an object type that also has {@code X-secret}. */
    static Set<String> dataTwinsOfSecrets(ServerSchema schema) {
        Set<String> twins = new LinkedHashSet<>();
        for (SchemaEntity entity : schema.entities()) {
            if (entity instanceof SchemaEntity.ObjectType object) {
                Set<String> names = new HashSet<>();
                object.members().forEach(m -> names.add(m.name()));
                for (String name : names) {
                    if (names.contains(name + "-secret")) {
                        twins.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return twins;
    }

    @Override
    public String toString() {
        return "Redaction{names=" + secretNames() + ", paths=" + userPaths + "}";
    }

    /** The compiled schema's rule 2, decoded once on first use. */
    private static final class Defaults {
        static final Redaction INSTANCE = load();

        private static Redaction load() {
            try {
                byte[] answer = QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8);
                return fromSchema(ServerSchema.decode(answer, false));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot derive the secret members from the compiled schema's introspection: " + e, e);
            }
        }
    }
}
