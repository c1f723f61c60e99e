package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.introspection.SchemaEntity;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import dev.qmpsdk.reactive.observe.CommandOutcome;
import dev.qmpsdk.reactive.observe.QmpAuditRecord;
import dev.qmpsdk.reactive.observe.QmpAuditTrail;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.reactive.observe.QmpWireLog;
import dev.qmpsdk.reactive.observe.Redaction;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.util.context.Context;

/**
 * No secret of any listed command (the explicit list, every member the schema rule finds, a user's own) reaches the wire
 * log or the audit trail, even when the server echoes the arguments back in its error; log lines cannot be forged.
 */
class ObservabilityRedactionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A command and its arguments, with the secret they carry. */
    private record SecretCall(String command, ObjectNode arguments, String secret) {}

    private static int counter;

    private static String secret() {
        return "S3cr3t-" + (++counter) + "-zq";
    }

    private static ObjectNode args(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    /** The explicit list (Redaction.EXPLICIT) and the rule's schema-derived curl cookie, each with a fresh secret. */
    private static List<SecretCall> explicitCalls() {
        List<SecretCall> calls = new ArrayList<>();
        String s;
        s = secret();
        calls.add(new SecretCall("set_password", args("{\"protocol\":\"vnc\",\"password\":\"" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("change-vnc-password", args("{\"password\":\"" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("block_passwd", args("{\"device\":\"ide0-hd0\",\"password\":\"" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("change", args("{\"device\":\"vnc\",\"target\":\"password\",\"arg\":\"" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("object-add", args("{\"qom-type\":\"secret\",\"id\":\"sec0\",\"props\":{\"data\":\"" + s + "\",\"format\":\"raw\"}}"), s));
        s = secret();
        calls.add(new SecretCall("object-add", args("{\"qom-type\":\"secret\",\"id\":\"sec1\",\"data\":\"" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("qom-set", args("{\"path\":\"/objects/sec0\",\"property\":\"data\",\"value\":\"" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("human-monitor-command", args("{\"command-line\":\"set_password vnc " + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("human-monitor-command", args("{\"command-line\":\"object_add secret,id=s9,data=" + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("human-monitor-command", args("{\"command-line\":\"block_passwd ide0-hd0 " + s + "\"}"), s));
        s = secret();
        calls.add(new SecretCall("blockdev-add", args("{\"driver\":\"https\",\"node-name\":\"web\",\"url\":\"https://example.org/disk\",\"cookie\":\""
                + s + "\",\"cookie-secret\":\"cookie0\"}"), s));
        return calls;
    }

    /** Every argument member of every command that the rule (names, and X beside X-secret) finds in the compiled schema. */
    private static List<SecretCall> schemaDerivedCalls() {
        ServerSchema schema = ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8), false);
        Redaction rule = Redaction.defaults();
        List<SecretCall> calls = new ArrayList<>();
        for (String command : schema.commandNames()) {
            SchemaEntity.Command c = schema.command(command).orElseThrow();
            for (List<String> path : secretPaths(schema, c.argType(), rule, 0)) {
                String s = secret();
                ObjectNode arguments = JSON.createObjectNode();
                ObjectNode at = arguments;
                for (int i = 0; i < path.size() - 1; i++) {
                    at = at.putObject(path.get(i));
                }
                at.put(path.get(path.size() - 1), s);
                calls.add(new SecretCall(command, arguments, s));
            }
        }
        return calls;
    }

    private static List<List<String>> secretPaths(ServerSchema schema, String type, Redaction rule, int depth) {
        List<List<String>> paths = new ArrayList<>();
        Optional<SchemaEntity> entity = schema.entity(type);
        if (depth > 5 || entity.isEmpty()) {
            return paths;
        }
        if (entity.get() instanceof SchemaEntity.ArrayType array) {
            return secretPaths(schema, array.elementType(), rule, depth);
        }
        if (!(entity.get() instanceof SchemaEntity.ObjectType object)) {
            return paths;
        }
        List<SchemaEntity.ObjectMember> members = new ArrayList<>(object.members());
        for (SchemaEntity.Variant v : object.variants()) {
            schema.entity(v.type()).filter(SchemaEntity.ObjectType.class::isInstance)
                    .ifPresent(e -> members.addAll(((SchemaEntity.ObjectType) e).members()));
        }
        for (SchemaEntity.ObjectMember m : members) {
            if (rule.isSecretName(m.name())) {
                paths.add(List.of(m.name()));
            } else {
                for (List<String> below : secretPaths(schema, m.type(), rule, depth + 1)) {
                    List<String> p = new ArrayList<>();
                    p.add(m.name());
                    p.addAll(below);
                    paths.add(p);
                }
            }
        }
        return paths;
    }

    @Test
    void theSchemaRuleFindsThePasswordsAndTheCurlCookie() {
        List<String> found = schemaDerivedCalls().stream().map(c -> c.command() + " " + c.arguments().toString().replaceAll("S3cr3t-\\d+-zq", "S")).toList();
        assertTrue(found.contains("set_password {\"password\":\"S\"}"), found.toString());
        assertTrue(found.contains("change-vnc-password {\"password\":\"S\"}"), found.toString());
        assertTrue(found.contains("block_passwd {\"password\":\"S\"}"), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("blockdev-add") && f.contains("cookie")), found.toString());
        assertTrue(Redaction.defaults().secretNames().contains("cookie"), Redaction.defaults().toString());
        assertFalse(Redaction.defaults().isSecretName("key-secret"), "key-secret names a secret object; it is not the data");
    }

    @Test
    void noSecretOfAnyListedCommandReachesTheWireLogOrTheAuditTrail() {
        List<SecretCall> calls = new ArrayList<>(explicitCalls());
        calls.addAll(schemaDerivedCalls());
        String userSecret = secret();
        calls.add(new SecretCall("x-vendor-login", args("{\"user\":\"me\",\"auth\":{\"token\":\"" + userSecret + "\"}}"), userSecret));
        String userNamed = secret();
        calls.add(new SecretCall("x-vendor-other", args("{\"api-key\":\"" + userNamed + "\"}"), userNamed));

        List<String> wire = new CopyOnWriteArrayList<>();
        List<QmpAuditRecord> audit = new CopyOnWriteArrayList<>();
        QmpAuditTrail trail = QmpAuditTrail.create();
        Disposable auditing = trail.records().subscribe(audit::add);
        QmpObservability obs = QmpObservability.builder()
                .observer(QmpWireLog.to(wire::add))
                .observer(trail)
                .redaction(Redaction.defaults().withSecretMember("x-vendor-login", "auth.token").withSecretName("api-key"))
                .build();
        Map<String, String> sentSecrets = new LinkedHashMap<>();
        // The server echoes what it got in its error: the SDK must scrub its own secrets from the reply too.
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            for (SecretCall call : calls) {
                server.on(call.command(), r -> Reply.error("GenericError", "rejected " + r.arguments()));
            }
            QmpClient client = FakeServers.connect(options(server).observability(obs).build());
            for (SecretCall call : calls) {
                sentSecrets.put(call.secret(), call.command() + " " + call.arguments());
                try {
                    client.executeRaw(call.command(), call.arguments()).block(T);
                    fail(call.command() + " should have been rejected by the fake server");
                } catch (dev.qmpsdk.core.QmpCommandException expected) {
                    assertTrue(expected.getMessage().contains(call.secret()), "the caller still gets the server's own text");
                }
            }
            assertEquals(calls.size(), server.received().stream().filter(r -> !r.command().equals("qmp_capabilities")).count());
            await(() -> audit.stream().filter(r -> r.outcome() == CommandOutcome.SERVER_ERROR).count() == calls.size(),
                    () -> "audit records: " + audit.size() + " of " + calls.size());
            client.close().block(T);
        } finally {
            auditing.dispose();
        }
        assertTrue(wire.size() >= 2 * calls.size(), "a line per request and reply: " + wire.size());
        for (Map.Entry<String, String> s : sentSecrets.entrySet()) {
            for (String line : wire) {
                assertFalse(line.contains(s.getKey()), "secret of " + s.getValue() + " in the wire log: " + line);
            }
            for (QmpAuditRecord r : audit) {
                assertFalse(r.toString().contains(s.getKey()), "secret of " + s.getValue() + " in the audit trail: " + r);
            }
        }
        assertTrue(wire.stream().anyMatch(l -> l.contains("\"password\":\"<redacted>\"")), "masked, not dropped: " + wire.get(2));
        QmpAuditRecord setPassword = audit.stream().filter(r -> r.command().equals("set_password")).findFirst().orElseThrow();
        assertEquals(List.of("protocol", "password"), setPassword.argumentNames());
        assertEquals("GenericError", setPassword.errorClass());
    }

    @Test
    void controlCharactersAreEscapedSoNoLogLineCanBeForged() {
        List<String> wire = new CopyOnWriteArrayList<>();
        List<QmpAuditRecord> audit = new CopyOnWriteArrayList<>();
        QmpAuditTrail trail = QmpAuditTrail.create();
        Disposable auditing = trail.records().subscribe(audit::add);
        QmpObservability obs = QmpObservability.builder().observer(QmpWireLog.to(wire::add)).observer(trail).contextKeys("traceId").build();
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("echo", r -> Reply.error("GenericError", "bad\nINFO forged line \u2028 and \u001b[31m red"))) {
            QmpClient client = FakeServers.connect(options(server).observability(obs).build());
            try {
                client.executeRaw("echo", args("{\"text\":\"a\\nINFO forged\\u2028b\\u0085c\"}"))
                        .contextWrite(Context.of("traceId", "t-1\r\nINFO forged by the caller")).block(T);
                fail("echo should fail");
            } catch (dev.qmpsdk.core.QmpCommandException expected) {
                // the caller gets the server's text as it is
            }
            server.sendRaw("{\"event\":\"X\",\"data\":{\"s\":\"line\u2028break\u007f\"},\"timestamp\":{\"seconds\":1,\"microseconds\":2}}\r\n");
            client.executeRaw("query-status", null).onErrorComplete().block(T);
            await(() -> audit.size() >= 2, () -> "audit records: " + audit);
            client.close().block(T);
        } finally {
            auditing.dispose();
        }
        for (String line : wire) {
            for (char c : line.toCharArray()) {
                assertFalse(c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == 0x1b, "control character " + (int) c + " in: " + line);
            }
        }
        assertTrue(wire.stream().anyMatch(l -> l.contains("traceId=t-1\\r\\nINFO forged by the caller")), String.join("\n", wire));
        assertTrue(wire.stream().anyMatch(l -> l.contains("line\\u2028break\\u007f")), String.join("\n", wire));
        QmpAuditRecord echo = audit.stream().filter(r -> r.command().equals("echo")).findFirst().orElseThrow();
        assertFalse(echo.error().contains("\n") || echo.error().contains("\u001b"), echo.error());
        assertEquals("t-1\\r\\nINFO forged by the caller", echo.context().get("traceId"));
    }

    @Test
    void aTraceIdFromTheReactorContextReachesTheWireLogLinesAndTheAuditRecordOfItsCommand() {
        List<String> wire = new CopyOnWriteArrayList<>();
        List<QmpAuditRecord> audit = new CopyOnWriteArrayList<>();
        QmpAuditTrail trail = QmpAuditTrail.create();
        Disposable auditing = trail.records().subscribe(audit::add);
        QmpObservability obs = QmpObservability.builder().observer(QmpWireLog.to(wire::add)).observer(trail).build();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.ok("{\"status\":\"running\",\"singlestep\":false,\"running\":true}"))) {
            QmpClient client = FakeServers.connect(options(server).observability(obs).build());
            client.executeRaw("query-status", null).contextWrite(Context.of("traceId", "trace-42", "spanId", "span-7")).block(T);
            client.executeRaw("query-status", null).block(T);
            await(() -> audit.size() >= 3, () -> "audit: " + audit);
            client.close().block(T);
        } finally {
            auditing.dispose();
        }
        List<String> traced = wire.stream().filter(l -> l.contains("traceId=trace-42 spanId=span-7")).toList();
        assertEquals(2, traced.size(), "the request and its reply: " + String.join("\n", wire));
        assertTrue(traced.get(0).contains(" -> ") && traced.get(0).contains("\"execute\":\"query-status\""), traced.get(0));
        assertTrue(traced.get(1).contains(" <- ") && traced.get(1).contains("\"return\""), traced.get(1));
        List<QmpAuditRecord> statuses = audit.stream().filter(r -> r.command().equals("query-status")).toList();
        assertEquals(Map.of("traceId", "trace-42", "spanId", "span-7"), statuses.get(0).context());
        assertEquals(Map.of(), statuses.get(1).context(), "the next command has no trace");
        assertEquals(CommandOutcome.SUCCESS, statuses.get(0).outcome());
        assertEquals(0, statuses.get(0).id(), "one command at a time goes out under the lowest id");
    }

    @Test
    void redactionOfUnparsableTextMasksItWhole() {
        assertEquals(Redaction.MASK, Redaction.defaults().redactRequest("{not json").json());
        JsonNode masked = JSON.valueToTree(Map.of("a", 1));
        assertEquals("{\"a\":1}", Redaction.defaults().redactIncoming(masked.toString(), dev.qmpsdk.reactive.observe.RedactedRequest.NONE));
    }
}
