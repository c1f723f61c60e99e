package dev.qmpsdk.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every wire example of seeds 000 (the QEMU 2.11 {@code qemu-qmp-ref} man page) and 002 ({@code qmp-commands.hx}
 * of QEMU 2.4), decoded with a strict codec into the generated 2.11.2 types and re-encoded to the same JSON.
 *
 * <p>The corpus ({@code conformance/wire-examples.json}) holds each {@code ->}/{@code <-} message as printed
 * ({@code text}), its strict-JSON parse ({@code json}, null when the text is not JSON) and the exchange it
 * belongs to. Each example becomes one dynamic test named {@code source:line section direction}:
 *
 * <ul>
 *   <li>a request decodes into its command's generated argument type and re-encodes equal;
 *   <li>a {@code return} decodes into the return type of its exchange's command and re-encodes equal;
 *   <li>an {@code error} decodes as an error reply and re-encodes equal;
 *   <li>an event decodes into its generated class (never {@link RawEvent}) and re-encodes equal;
 *   <li>an example whose text is not JSON fails in {@code decodeMessage} with a {@link QmpProtocolException}
 *       that gives line and column;
 *   <li>an example in {@link #EXCLUDED} (it contradicts the 2.11.2 schema) must fail with a
 *       {@link QmpProtocolException} at the JSON path its justification names, so the list cannot go stale.
 * </ul>
 *
 * <p>Every example is decoded strictly, those of seed 002 (QEMU 2.4) included: none of 002's differences from
 * 2.11.2 is an unknown member or enum value, the only thing tolerant decoding forgives (they are missing
 * mandatory members, a reshaped union, a re-wrapped argument and a renamed command), so tolerant decoding
 * would not make any of them pass, and strict decoding keeps every other 002 example a full check.
 * {@link #summary()} prints the counts per source and category and holds lower bounds on them.
 */
class WireExampleConformanceTest {
    private static final String CORPUS = "/conformance/wire-examples.json";

    private static final QmpCodec STRICT = QmpCodec.of(QmpEvents.REGISTRY).withStrict(true);

    /**
     * Examples that contradict the QEMU 2.11.2 schema ({@code schema/qapi/*.json}), by id ({@code source:line}).
     * Each justification is {@code "<JSON pointer>: <why>"}; strict decoding must fail at exactly that pointer
     * (for a command the schema does not have, the pointer is the request's {@code /execute}). Many are doc
     * mistakes that QEMU carried from release to release, so they appear in both seeds.
     */
    private static final Map<String, String> EXCLUDED = exclusions(
            exclude("/", "the example leaves out the timestamp every event carries", "000:546"),
            exclude("/", "the example leaves out the timestamp every event carries, and puts the ACPIOSTInfo members flat in"
                    + " 'data' instead of under 'info' (misc.json: ACPI_DEVICE_OST 'data': {'info': 'ACPIOSTInfo'})", "000:12258"),
            exclude("/arguments", "'paging' is mandatory (misc.json: dump-guest-memory 'data': {'paging': 'bool', ...})",
                    "000:11074", "002:846"),
            exclude("/arguments/enable", "'enable' is a bool, the example sends the string \"true\" (trace.json: trace-event-set-state)",
                    "000:9401", "002:4077"),
            exclude("/return/0/inserted/image/backing_file", "ImageInfo calls it 'backing-filename' (block-core.json: ImageInfo)",
                    "000:1456", "002:2353"),
            exclude("/return/0/image/backing_file", "ImageInfo calls it 'backing-filename' (block-core.json: ImageInfo)",
                    "000:2266", "002:3889"),
            exclude("/data", "'fatal' is mandatory (block-core.json: BLOCK_IMAGE_CORRUPTED)", "000:4552"),
            exclude("/data", "'reason' is mandatory (block-core.json: BLOCK_IO_ERROR)", "000:4594"),
            exclude("/return/clients/0", "'websocket' of VncBasicInfo is mandatory (ui.json), the client lacks it", "000:7351", "002:3018"),
            exclude("/data/server", "'websocket' of VncBasicInfo is mandatory (ui.json), the server lacks it",
                    "000:7402", "000:7425", "000:7447"),
            exclude("/return/ram/total-time", "'total-time' (and 'setup-time', 'downtime', 'expected-downtime') belong to"
                    + " MigrationInfo, not to its 'ram' MigrationStats (migration.json)",
                    "000:8309", "000:8334", "000:8355", "002:3292", "002:3317", "002:3338"),
            exclude("/return/capabilities", "MigrationInfo has no 'capabilities' (migration.json; they come from"
                    + " query-migrate-capabilities)", "000:8381", "002:3364"),
            exclude("/return/0", "'vcpu' of TraceEventInfo is mandatory (trace.json)", "000:9369", "002:4060"),
            exclude("/return/0", "'poll-max-ns', 'poll-grow', 'poll-shrink' of IOThreadInfo are mandatory (misc.json)",
                    "000:10128", "002:2634"),
            // 2.4-era examples of 002 that 2.11.2 changed:
            exclude("/return/0", "QEMU 2.4 reply: 2.11.2 CpuInfo is a flat union on the mandatory 'arch' (misc.json),"
                    + " where 2.4 had a flat 'pc'", "002:2587"),
            exclude("/arguments", "QEMU 2.4 request: 2.11.2 blockdev-add takes BlockdevOptions boxed, its members directly in"
                    + " 'arguments' (block-core.json), not wrapped in 'options'", "002:3837", "002:3845"),
            exclude("/execute", "QEMU 2.4 command: x-input-send-event became input-send-event in 2.6 (ui.json) and is not in 2.11.2",
                    "002:4108", "002:4112", "002:4114", "002:4118", "002:4124", "002:4132", "002:4138", "002:4142"));

    /** Examples decoded and round-tripped per source and category: lower bounds, so a regression fails here. */
    private static final Map<String, Integer> MIN_ROUND_TRIPPED = Map.of(
            "000 REQUEST", 150,
            "000 RETURN", 133,
            "000 ERROR", 2,
            "000 EVENT", 26,
            "002 REQUEST", 110,
            "002 RETURN", 96);

    private static Map.Entry<String, List<String>> exclude(String pointer, String why, String... ids) {
        return Map.entry(pointer + ": " + why, List.of(ids));
    }

    @SafeVarargs
    private static Map<String, String> exclusions(Map.Entry<String, List<String>>... groups) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> g : groups) {
            for (String id : g.getValue()) {
                if (out.put(id, g.getKey()) != null) {
                    throw new IllegalStateException(id + " is excluded twice");
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the tests

    @TestFactory
    Stream<DynamicTest> everyWireExample() {
        return corpus().examples.stream().map(e -> DynamicTest.dynamicTest(e.displayName(), () -> check(e, corpus())));
    }

    @Test
    void exclusionListNamesOnlyExamplesOfTheCorpus() {
        Corpus c = corpus();
        for (String id : EXCLUDED.keySet()) {
            Example e = c.byId.get(id);
            assertNotNull(e, () -> "excluded example " + id + " is not in the corpus");
            assertNotNull(e.json, () -> "excluded example " + id + " is not JSON: it belongs with the broken ones, not the exclusions");
        }
    }

    @Test
    void summary() {
        Corpus c = corpus();
        Map<String, Map<Outcome, Integer>> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Example e : c.examples) {
            Outcome o;
            try {
                o = check(e, c);
            } catch (AssertionError | Exception x) {
                o = Outcome.FAILED;
                failures.add(e.displayName() + ": " + x.getMessage());
            }
            counts.computeIfAbsent(e.source + " " + e.category(), k -> new EnumMap<>(Outcome.class)).merge(o, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("Wire example conformance (" + c.examples.size() + " examples):\n");
        counts.forEach((k, v) -> sb.append(String.format("  %-12s %s%n", k, v)));
        failures.forEach(f -> sb.append("  FAILED ").append(f).append('\n'));
        System.out.print(sb);
        assertTrue(failures.isEmpty(), () -> failures.size() + " examples fail, see the dynamic tests");
        MIN_ROUND_TRIPPED.forEach((key, min) -> {
            int n = counts.getOrDefault(key, Map.of()).getOrDefault(Outcome.ROUND_TRIPPED, 0);
            assertTrue(n >= min, () -> key + ": only " + n + " examples round-trip, expected at least " + min);
        });
        int excluded = 0;
        int broken = 0;
        for (Map<Outcome, Integer> v : counts.values()) {
            excluded += v.getOrDefault(Outcome.EXCLUDED_AS_EXPECTED, 0);
            broken += v.getOrDefault(Outcome.BROKEN_AS_EXPECTED, 0);
        }
        assertEquals(EXCLUDED.size(), excluded, "excluded examples");
        assertEquals(15, broken, "examples that are not JSON (9 in 000, 6 in 002)");
    }

    // ---------------------------------------------------------------- checking one example

    enum Category { REQUEST, RETURN, ERROR, EVENT, BROKEN }

    enum Outcome { ROUND_TRIPPED, EXCLUDED_AS_EXPECTED, BROKEN_AS_EXPECTED, FAILED }

    private static Outcome check(Example e, Corpus c) throws IOException {
        if (e.json == null) {
            return checkBroken(e);
        }
        String justification = EXCLUDED.get(e.id());
        if (justification == null) {
            roundTrip(e, c);
            return Outcome.ROUND_TRIPPED;
        }
        QmpProtocolException x;
        try {
            roundTrip(e, c);
            throw new AssertionError("excluded example " + e.id() + " now decodes and round-trips: remove it from EXCLUDED ("
                    + justification + ")");
        } catch (CommandNotInSchema missing) {
            // Nothing in the runtime can fail here: QmpCommands simply has no descriptor for the name.
            assertTrue(justification.startsWith("/execute: "),
                    () -> e.id() + ": " + missing.getMessage() + ", but its justification says: " + justification);
            return Outcome.EXCLUDED_AS_EXPECTED;
        } catch (QmpProtocolException thrown) {
            x = thrown;
        }
        assertNotNull(x.subject(), () -> "no subject in: " + x.getMessage());
        assertNotNull(x.jsonPath(), () -> "no JSON path in: " + x.getMessage());
        String path = x.jsonPath().isEmpty() ? "/" : x.jsonPath();
        assertTrue(x.getMessage().startsWith(x.subject() + " at " + path + ": "),
                () -> "the message does not name subject and path: " + x.getMessage());
        assertTrue(justification.startsWith(path + ": "),
                () -> e.id() + " fails elsewhere than its justification says: " + x.getMessage() + " (justification: " + justification + ")");
        return Outcome.EXCLUDED_AS_EXPECTED;
    }

    private static Outcome checkBroken(Example e) {
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(e.text),
                () -> e.id() + " is not JSON (" + e.error + ") but decodes");
        assertTrue(x.getMessage().matches("(?s)QMP message: malformed JSON at line \\d+, column \\d+: .+"),
                () -> "unclear error for malformed JSON: " + x.getMessage());
        assertNotNull(x.getCause(), "the parser's exception is kept as the cause");
        return Outcome.BROKEN_AS_EXPECTED;
    }

    private static void roundTrip(Example e, Corpus c) throws IOException {
        QmpMessage m = STRICT.decodeMessage(e.text);
        JsonNode original = Objects.requireNonNull(e.json);
        switch (e.category()) {
            case REQUEST -> {
                QmpRequest request = assertInstanceOf(QmpRequest.class, m);
                CommandDescriptor<?, ?> command = descriptor(request.command());
                assertSameJson(withoutEmptyArguments(original), withoutEmptyArguments(reencodeRequest(command, request)));
            }
            case RETURN -> {
                QmpReply reply = assertInstanceOf(QmpReply.class, m);
                assertFalse(reply.isError());
                String name = c.commandOf(e);
                CommandDescriptor<?, ?> command = descriptor(name);
                assertSameJson(original, reencodeReturn(command, reply));
                // The client's path: the whole frame decoded in one pass, without buffering 'return'.
                assertEquals(STRICT.decodeResult(command, reply), STRICT.decodeResult(command, utf8(e.text)), "one-pass decode differs");
            }
            case ERROR -> {
                QmpReply reply = assertInstanceOf(QmpReply.class, m);
                assertTrue(reply.isError());
                String name = c.commandOf(e);
                CommandDescriptor<?, ?> command = descriptor(name);
                QmpCommandException x = assertThrows(QmpCommandException.class, () -> STRICT.decodeResult(command, reply));
                assertEquals(reply.errorClass(), x.errorClass());
                QmpCommandException onePass = assertThrows(QmpCommandException.class, () -> STRICT.decodeResult(command, utf8(e.text)));
                assertEquals(x.getMessage(), onePass.getMessage());
                assertSameJson(original, tree(STRICT.encodeError(Objects.requireNonNull(reply.errorClass()),
                        Objects.requireNonNull(reply.errorDescription()), reply.id())));
            }
            case EVENT -> {
                QmpEvent event = assertInstanceOf(QmpEvent.class, m);
                assertFalse(event instanceof RawEvent, "decoded as RawEvent");
                Class<? extends QmpEvent> type = QmpEvents.REGISTRY.type(event.eventName());
                assertNotNull(type, () -> "event " + event.eventName() + " is not in the 2.11.2 schema");
                assertInstanceOf(type, event);
                assertSameJson(original, tree(STRICT.encodeEvent(event)));
                // In QEMU's member order (timestamp, event, data) the data is decoded while parsing, not buffered.
                assertEquals(event, STRICT.decodeMessage(inQemuOrder(original).toString()), "streamed event decode differs");
            }
            case BROKEN -> throw new IllegalStateException("broken examples have no JSON");
        }
    }

    /** A command's descriptor; the corpus has a few commands of QEMU 2.4 that 2.11.2 no longer has. */
    private static CommandDescriptor<?, ?> descriptor(String command) {
        CommandDescriptor<?, ?> d = QmpCommands.byName(command);
        if (d == null) {
            throw new CommandNotInSchema(command);
        }
        return d;
    }

    private static final class CommandNotInSchema extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandNotInSchema(String command) {
            super("command " + command + " is not in the 2.11.2 schema");
        }
    }

    private static <A> JsonNode reencodeRequest(CommandDescriptor<A, ?> command, QmpRequest request) throws IOException {
        A args = STRICT.decodeArguments(command, request);
        if (command.hasArguments()) {
            assertInstanceOf(Objects.requireNonNull(command.argumentsType()), args);
        }
        return tree(STRICT.encodeRequest(command, args, request.id(), request.oob()));
    }

    private static <R> JsonNode reencodeReturn(CommandDescriptor<?, R> command, QmpReply reply) throws IOException {
        R value = STRICT.decodeResult(command, reply);
        if (command.hasResult()) {
            assertNotNull(value, () -> "no " + command.returnTypeName() + " decoded");
        }
        return tree(STRICT.encodeReturn(command, value, reply.id()));
    }

    /**
     * {@code "arguments": {}} and no {@code arguments} mean the same to QEMU; the encoder leaves the member out
     * for commands without arguments and writes {@code {}} for commands whose arguments are all optional, so
     * both sides are compared without an empty {@code arguments}.
     */
    private static JsonNode withoutEmptyArguments(JsonNode request) {
        JsonNode args = request.get("arguments");
        if (args != null && args.isObject() && args.isEmpty()) {
            ObjectNode copy = ((ObjectNode) request).deepCopy();
            copy.remove("arguments");
            return copy;
        }
        return request;
    }

    private static void assertSameJson(JsonNode expected, JsonNode actual) {
        // ObjectNode equality ignores member order, which is all a re-encoding may change. Numbers are compared
        // as Jackson reads them (1 and 1.0 differ): no example that round-trips has a QAPI 'number' written
        // without a fraction, so no normalisation is needed, and none is done that could hide a real difference.
        assertEquals(expected, actual, "re-encoded JSON differs");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode inQemuOrder(JsonNode event) {
        ObjectNode ordered = QapiJson.TREE_MAPPER.createObjectNode();
        for (String member : List.of("timestamp", "event", "data")) {
            if (event.has(member)) {
                ordered.set(member, event.get(member));
            }
        }
        return ordered;
    }

    private static JsonNode tree(byte[] json) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(json);
    }

    // ---------------------------------------------------------------- the corpus

    record Example(String source, int line, String section, String kind, int exchange, String direction, String text,
            @Nullable JsonNode json, @Nullable String error) {
        String id() {
            return source + ":" + line;
        }

        String displayName() {
            return id() + " " + section + " " + direction;
        }

        Category category() {
            if (json == null) {
                return Category.BROKEN;
            }
            if (json.has("execute")) {
                return Category.REQUEST;
            }
            if (json.has("return")) {
                return Category.RETURN;
            }
            if (json.has("error")) {
                return Category.ERROR;
            }
            if (json.has("event")) {
                return Category.EVENT;
            }
            throw new IllegalStateException(id() + " is neither request, reply nor event");
        }
    }

    static final class Corpus {
        final List<Example> examples;
        final Map<String, Example> byId = new LinkedHashMap<>();

        Corpus(List<Example> examples) {
            this.examples = examples;
            examples.forEach(e -> byId.put(e.id(), e));
        }

        /** The command a reply answers: its exchange's request, or the section's command when there is none. */
        String commandOf(Example reply) {
            for (Example e : examples) {
                if (e.source.equals(reply.source) && e.exchange == reply.exchange && e.json != null && e.json.has("execute")) {
                    return e.json.get("execute").asText();
                }
            }
            return reply.section;
        }
    }

    private static @Nullable Corpus corpus;

    private static synchronized Corpus corpus() {
        if (corpus == null) {
            try (InputStream in = WireExampleConformanceTest.class.getResourceAsStream(CORPUS)) {
                assertNotNull(in, CORPUS + " is missing");
                List<Example> list = new ArrayList<>();
                for (JsonNode n : QapiJson.TREE_MAPPER.readTree(in)) {
                    JsonNode json = n.get("json");
                    list.add(new Example(n.get("source").asText(), n.get("line").asInt(), n.get("section").asText(),
                            n.get("kind").asText(), n.get("exchange").asInt(), n.get("direction").asText(), n.get("text").asText(),
                            json == null || json.isNull() ? null : json, n.get("error").isNull() ? null : n.get("error").asText()));
                }
                corpus = new Corpus(List.copyOf(list));
            } catch (IOException x) {
                fail("cannot read " + CORPUS, x);
            }
        }
        return corpus;
    }
}
