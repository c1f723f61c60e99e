package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.blockcore.BlockdevOptions;
import dev.qmpsdk.core.qapi.blockcore.BlockdevDriver;
import dev.qmpsdk.core.qapi.misc.MemoryInfo;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.core.qapi.runstate.ShutdownEvent;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole messages through {@link QmpCodec}, with the generated 2.11.2 types. */
class QmpCodecTest {
    private final QmpCodec tolerant = QmpCodec.of(QmpEvents.REGISTRY);
    private final QmpCodec strict = tolerant.withStrict(true);

    private static JsonNode tree(String json) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(json);
    }

    private static JsonNode tree(byte[] json) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(json);
    }

    private static QmpReply reply(QmpCodec codec, String json) {
        return assertInstanceOf(QmpReply.class, codec.decodeMessage(json));
    }

    @Test
    void decodesQemu72GreetingAndEncodesItBack() throws IOException {
        String json = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, \"package\": \"Debian 1:7.2+dfsg-7\"},"
                + " \"capabilities\": [\"oob\"]}}";
        QmpGreeting g = assertInstanceOf(QmpGreeting.class, strict.decodeMessage(json));
        assertEquals("7.2.22", g.version());
        assertEquals("Debian 1:7.2+dfsg-7", g.packageVersion());
        assertTrue(g.offersOob());
        assertTrue(g.isAtLeast(7, 2));
        assertFalse(g.isAtLeast(7, 3));
        assertEquals(tree(json), tree(strict.encodeGreeting(g)));
    }

    @Test
    void encodesRequestsWithIdsAndArguments() throws IOException {
        assertEquals(tree("{\"execute\": \"query-status\", \"id\": 7}"), tree(tolerant.encodeRequest(QmpCommands.QUERY_STATUS, null, 7)));
        BlockdevOptions disk = BlockdevOptions.File.of(b -> b.nodeName("disk0").data(d -> d.filename("/tmp/disk.img")));
        JsonNode id = tree("{\"a\": [1, 2]}");
        assertEquals(tree("{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"file\", \"node-name\": \"disk0\","
                        + " \"filename\": \"/tmp/disk.img\"}, \"id\": {\"a\": [1, 2]}}"),
                tree(tolerant.encodeRequest(QmpCommands.BLOCKDEV_ADD, disk, id, false)));
    }

    /** Requests without arguments are copied from a per-command prefix: the same JSON the generator writes. */
    /** The compiled schema's commands and one whose name needs escaping in JSON. */
    private static List<CommandDescriptor<?, ?>> everyCommandAndAnOddName() {
        List<CommandDescriptor<?, ?>> commands = new java.util.ArrayList<>(QmpCommands.ALL);
        commands.add(CommandDescriptor.builder("x-\"quoted\"-\u00e9").build());
        return commands;
    }

    @Test
    void requestsWithoutArgumentsEqualTheGeneratorsEncoding() throws IOException {
        for (CommandDescriptor<?, ?> c : everyCommandAndAnOddName()) {
            for (long id : new long[] {0, 7, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
                byte[] fast = tolerant.encodeRequest(c, null, id);
                byte[] general = tolerant.encodeRequest(c, null, JsonNodeFactory.instance.numberNode(id), false);
                assertEquals(tree(general), tree(fast), c.name() + " id " + id);
            }
        }
        assertEquals("{\"execute\":\"query-status\",\"id\":42}", new String(tolerant.encodeRequest(QmpCommands.QUERY_STATUS, null, 42), StandardCharsets.UTF_8));
    }

    @Test
    void requestsWithoutIdEqualTheGeneratorsEncodingWithoutId() throws IOException {
        for (CommandDescriptor<?, ?> c : everyCommandAndAnOddName()) {
            java.io.ByteArrayOutputStream fast = new java.io.ByteArrayOutputStream();
            tolerant.writeRequestWithoutId(fast, c, null, false);
            byte[] general = tolerant.encodeRequest(c, null, null, false);
            assertEquals(tree(general), tree(fast.toByteArray()), c.name());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        tolerant.writeRequestWithoutId(out, QmpCommands.QUERY_STATUS, null, false);
        assertEquals("{\"execute\":\"query-status\"}", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesOutOfBandForCommandsThatDoNotAllowIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tolerant.encodeRequest(QmpCommands.QUERY_STATUS, null, JsonNodeFactory.instance.numberNode(1), true));
        assertTrue(e.getMessage().contains("query-status"), e.getMessage());
    }

    @Test
    void decodesTypedReplies() {
        QmpReply r = reply(strict, "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": 3}");
        assertEquals(3, r.id().asInt());
        StatusInfo status = strict.decodeResult(QmpCommands.QUERY_STATUS, r);
        assertEquals(RunState.RUNNING, status.status());
        assertTrue(status.running());
        assertEquals(StatusInfo.of(b -> b.running(true).singlestep(false).status(RunState.RUNNING)), status);
    }

    @Test
    void errorRepliesBecomeCommandExceptions() {
        QmpReply r = reply(strict, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command x has not been found\"}, \"id\": 9}");
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> strict.decodeResult(QmpCommands.QUERY_STATUS, r));
        assertTrue(e.isCommandNotFound());
        assertEquals("query-status", e.command());
        assertEquals(9, e.id().asInt());
        assertEquals("The command x has not been found", e.description());
    }

    @Test
    void aReplyThatDoesNotFitItsTypeNamesTheCommandAndPath() {
        QmpReply r = reply(tolerant, "{\"return\": {\"status\": 5, \"singlestep\": false, \"running\": true}}");
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> tolerant.decodeResult(QmpCommands.QUERY_STATUS, r));
        assertEquals("reply to query-status", e.subject());
        assertEquals("/return/status", e.jsonPath());
        assertTrue(e.getMessage().contains("expected a string, got the number 5"), e.getMessage());

        // A required member that is absent fails only in strict mode; tolerant decoding delivers it absent.
        QmpReply missing = reply(tolerant, "{\"return\": {\"status\": \"running\", \"running\": true}}");
        QmpProtocolException m = assertThrows(QmpProtocolException.class,
                () -> strict.decodeResult(QmpCommands.QUERY_STATUS, missing));
        assertTrue(m.getMessage().contains("required member 'singlestep' of StatusInfo is missing (strict mode)"), m.getMessage());
        assertEquals("/return", m.jsonPath());
        assertFalse(tolerant.decodeResult(QmpCommands.QUERY_STATUS, missing).hasSinglestep());
    }

    @Test
    void pathsReachIntoListsAndNestedObjects() {
        QmpReply r = reply(tolerant, "{\"return\": [{\"device\": \"ide0\", \"locked\": false, \"removable\": true, \"type\": 3}]}");
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> tolerant.decodeResult(QmpCommands.QUERY_BLOCK, r));
        assertEquals("/return/0/type", e.jsonPath());
    }

    @Test
    void unknownMembersAreIgnoredUnlessStrict() {
        String json = "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true, \"newer\": {\"x\": 1}}}";
        assertEquals(RunState.RUNNING, tolerant.decodeResult(QmpCommands.QUERY_STATUS, reply(tolerant, json)).status());
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> strict.decodeResult(QmpCommands.QUERY_STATUS, reply(strict, json)));
        assertEquals("/return/newer", e.jsonPath());
    }

    @Test
    void unknownEnumValuesAreKeptAndReEncodedUnlessStrict() throws IOException {
        String json = "{\"return\": {\"status\": \"hibernating\", \"singlestep\": false, \"running\": false}}";
        StatusInfo s = tolerant.decodeResult(QmpCommands.QUERY_STATUS, reply(tolerant, json));
        assertFalse(s.status().isKnown());
        assertEquals("hibernating", s.status().wireName());
        assertEquals(RunState.Known.UNKNOWN_TO_SDK_VERSION, s.status().known());
        assertEquals(RunState.of("hibernating"), s.status());
        assertEquals(tree(json).get("return"), tree(tolerant.encodeReturn(QmpCommands.QUERY_STATUS, s, null)).get("return"));
        assertThrows(QmpProtocolException.class, () -> strict.decodeResult(QmpCommands.QUERY_STATUS, reply(strict, json)));
    }

    @Test
    void sizesUpTo2To64Minus1RoundTripExactly() throws IOException {
        String json = "{\"return\": {\"base-memory\": 18446744073709551615, \"plugged-memory\": 9223372036854775808}}";
        MemoryInfo m = strict.decodeResult(QmpCommands.QUERY_MEMORY_SIZE_SUMMARY, reply(strict, json));
        assertEquals("18446744073709551615", Long.toUnsignedString(m.baseMemory()));
        assertEquals(tree(json), tree(strict.encodeReturn(QmpCommands.QUERY_MEMORY_SIZE_SUMMARY, m, null)));
    }

    @Test
    void integerRangesAreEnforcedOnDecode() {
        for (String bad : new String[] {"-1", "18446744073709551616", "1.5", "\"12\""}) {
            QmpReply r = reply(tolerant, "{\"return\": {\"base-memory\": " + bad + "}}");
            QmpProtocolException e = assertThrows(QmpProtocolException.class,
                    () -> tolerant.decodeResult(QmpCommands.QUERY_MEMORY_SIZE_SUMMARY, r), bad);
            assertEquals("/return/base-memory", e.jsonPath(), bad);
        }
    }

    @Test
    void anyIsKeptAsATree() throws IOException {
        JsonNode value = strict.decodeResult(QmpCommands.QOM_GET, reply(strict, "{\"return\": {\"weird\": [1, \"two\", null]}}"));
        assertEquals(tree("{\"weird\": [1, \"two\", null]}"), value);
    }

    @Test
    void nullForAnOptionalMemberMeansAbsent() {
        String json = "{\"return\": {\"base-memory\": 1024, \"plugged-memory\": null}}";
        assertNull(tolerant.decodeResult(QmpCommands.QUERY_MEMORY_SIZE_SUMMARY, reply(tolerant, json)).pluggedMemory());
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> tolerant.decodeResult(QmpCommands.QUERY_MEMORY_SIZE_SUMMARY,
                reply(tolerant, "{\"return\": {\"base-memory\": null}}")));
        assertTrue(e.getMessage().contains("expected an integer (size), got null"), e.getMessage());
    }

    @Test
    void decodesTypedEvents() throws IOException {
        String stop = "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 123456}, \"event\": \"STOP\"}";
        StopEvent e = assertInstanceOf(StopEvent.class, strict.decodeMessage(stop));
        assertEquals(Instant.ofEpochSecond(1700000000, 123456000), e.timestamp());
        assertEquals(tree(stop), tree(strict.encodeEvent(e)));

        String shutdown = "{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": true}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
        ShutdownEvent s = assertInstanceOf(ShutdownEvent.class, strict.decodeMessage(shutdown));
        assertTrue(s.guest());
        assertEquals(tree(shutdown), tree(strict.encodeEvent(s)));
    }

    @Test
    void qemu72ShutdownWithItsNewerReasonMemberStillDecodes() {
        String json = "{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"},"
                + " \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
        assertFalse(assertInstanceOf(ShutdownEvent.class, tolerant.decodeMessage(json)).guest());
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> strict.decodeMessage(json));
        assertEquals("event SHUTDOWN", e.subject());
        assertEquals("/data/reason", e.jsonPath());
    }

    /** QEMU's own layout takes a fast path; every variation of it must decode exactly as the general decoder does. */
    @Test
    void eventsInAndAroundQemusLayoutDecodeAlike() {
        String ts = "{\"seconds\": 1732300000, \"microseconds\": 5}";
        StopEvent stop = assertInstanceOf(StopEvent.class, strict.decodeMessage("{\"timestamp\": " + ts + ", \"event\": \"STOP\"}\r\n"));
        assertEquals(new QmpTimestamp(1732300000, 5), stop.rawTimestamp());
        assertEquals(stop, strict.decodeMessage("{\"event\": \"STOP\", \"timestamp\": " + ts + "}"));
        assertEquals(stop, strict.decodeMessage("{ \"timestamp\":" + ts.replace(" ", "\n") + " ,\"event\" :\"STOP\" }"));
        ShutdownEvent shutdown = assertInstanceOf(ShutdownEvent.class, strict.decodeMessage(
                "{\"timestamp\": " + ts + ", \"event\": \"SHUTDOWN\", \"data\": {\"guest\": true}}"));
        assertTrue(shutdown.guest());
        // Not the layout: decoded the general way, with the same meaning.
        assertEquals(shutdown, tolerant.decodeMessage("{\"timestamp\": " + ts + ", \"event\": \"SHUTDOWN\", \"data\": {\"guest\": true}, \"x\": 1}"));
        QmpProtocolException extra = assertThrows(QmpProtocolException.class, () -> strict.decodeMessage(
                "{\"timestamp\": " + ts + ", \"event\": \"SHUTDOWN\", \"data\": {\"guest\": true}, \"x\": 1}"));
        assertEquals("/x", extra.jsonPath());
        assertEquals(stop, strict.decodeMessage("{\"timestamp\": " + ts + ", \"event\": \"\\u0053TOP\"}"));
        assertInstanceOf(RawEvent.class, tolerant.decodeMessage("{\"timestamp\": " + ts + ", \"event\": \"X_NEWER_EVENT\", \"data\": {\"a\": 1}}"));
        assertEquals(new QmpTimestamp(-1, -1), ((QmpEvent) tolerant.decodeMessage(
                "{\"timestamp\": {\"seconds\": -1, \"microseconds\": -1}, \"event\": \"STOP\"}")).rawTimestamp());
    }

    /** The fast path finds events by the bytes of their name: many names, and names whose hashes collide, stay apart. */
    @Test
    void theFastPathTellsManyEventNamesApart() {
        EventRegistry.Builder registry = EventRegistry.builder();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            names.add("EV_" + i);
        }
        names.addAll(List.of("EV_Aa", "EV_BB", "EV_AaAa", "EV_BBBB", "EV_AaBB"));   // equal String-style hashes
        for (String name : names) {
            registry.register(name, RawEvent.class, (data, ctx, ts) -> new RawEvent(name, null, ts));
        }
        QmpCodec codec = QmpCodec.of(registry.build()).withStrict(true);
        for (int round = 0; round < 2; round++) {   // the first round learns each name, the second finds it
            for (int i = names.size() - 1; i >= 0; i--) {
                String name = names.get(i);
                QmpEvent e = (QmpEvent) codec.decodeMessage("{\"timestamp\": {\"seconds\": 1, \"microseconds\": " + i + "}, \"event\": \"" + name + "\"}");
                assertEquals(name, e.eventName());
                assertEquals(i, e.rawTimestamp().microseconds());
            }
        }
        // A prefix or an extension of a known name is another (unknown) event.
        assertThrows(QmpProtocolException.class, () -> codec.decodeMessage("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": \"EV_1X\"}"));
        assertThrows(QmpProtocolException.class, () -> codec.decodeMessage("{\"timestamp\": {\"seconds\": 1, \"microseconds\": 0}, \"event\": \"EV_\"}"));
    }

    @Test
    void unknownEventsArriveRawAndReEncodeUnlessStrict() throws IOException {
        String json = "{\"event\": \"VFU_CLIENT_HANGUP\", \"data\": {\"vfu-id\": \"x\"}, \"timestamp\": {\"seconds\": 5, \"microseconds\": 6}}";
        RawEvent raw = assertInstanceOf(RawEvent.class, tolerant.decodeMessage(json));
        assertEquals("VFU_CLIENT_HANGUP", raw.eventName());
        assertEquals(tree(json), tree(tolerant.encodeEvent(raw)));
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> strict.decodeMessage(json));
        assertTrue(e.getMessage().contains("VFU_CLIENT_HANGUP"), e.getMessage());
    }

    @Test
    void unionsChooseTheirBranchAndKeepUnknownDriversRaw() throws IOException {
        String file = "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"file\", \"node-name\": \"d\", \"filename\": \"/x\"}}";
        QmpRequest req = assertInstanceOf(QmpRequest.class, strict.decodeMessage(file));
        BlockdevOptions.File f = assertInstanceOf(BlockdevOptions.File.class, strict.decodeArguments(QmpCommands.BLOCKDEV_ADD, req));
        assertEquals(BlockdevDriver.FILE, f.driver());
        assertEquals("/x", f.data().filename());

        String newer = "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"io_uring_blk\", \"node-name\": \"d\", \"path\": \"/y\"}}";
        QmpRequest req2 = assertInstanceOf(QmpRequest.class, tolerant.decodeMessage(newer));
        BlockdevOptions.Unknown u = assertInstanceOf(BlockdevOptions.Unknown.class, tolerant.decodeArguments(QmpCommands.BLOCKDEV_ADD, req2));
        assertEquals("io_uring_blk", u.driver().wireName());
        assertEquals("d", u.nodeName());
        assertEquals(tree(newer), tree(tolerant.encodeRequest(QmpCommands.BLOCKDEV_ADD, u, null, false)));
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> strict.decodeArguments(QmpCommands.BLOCKDEV_ADD, req2));
        assertEquals("/arguments/driver", e.jsonPath());

        String noDriver = "{\"execute\": \"blockdev-add\", \"arguments\": {\"node-name\": \"d\"}}";
        QmpRequest req3 = assertInstanceOf(QmpRequest.class, tolerant.decodeMessage(noDriver));
        QmpProtocolException d = assertThrows(QmpProtocolException.class, () -> tolerant.decodeArguments(QmpCommands.BLOCKDEV_ADD, req3));
        assertTrue(d.getMessage().contains("discriminator 'driver' of BlockdevOptions is missing"), d.getMessage());
        assertEquals("/arguments", d.jsonPath());
    }

    @Test
    void malformedFramesGiveProtocolErrorsWithPositions() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> tolerant.decodeMessage("{\"return\": {,}}"));
        assertTrue(e.getMessage().startsWith("QMP message: malformed JSON at line 1, column 13"), e.getMessage());
        assertThrows(QmpProtocolException.class, () -> tolerant.decodeMessage("{\"return\": {}"));
        QmpProtocolException trailing = assertThrows(QmpProtocolException.class, () -> tolerant.decodeMessage("{\"return\": {}} {}"));
        assertTrue(trailing.getMessage().contains("unexpected data after the end of the message"), trailing.getMessage());
        QmpProtocolException notObject = assertThrows(QmpProtocolException.class, () -> tolerant.decodeMessage("[1]"));
        assertTrue(notObject.getMessage().contains("must be a JSON object, got an array"), notObject.getMessage());
        QmpProtocolException unknownShape = assertThrows(QmpProtocolException.class, () -> tolerant.decodeMessage("{\"hello\": 1}"));
        assertTrue(unknownShape.getMessage().contains("not a QMP message"), unknownShape.getMessage());
        assertThrows(QmpProtocolException.class, () -> tolerant.decodeMessage("\"\\ud800 broken".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parseErrorRepliesWithoutIdAreStillReplies() {
        QmpReply r = reply(tolerant, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword 'x'\"}}");
        assertTrue(r.isError());
        assertNull(r.id());
        assertEquals("GenericError", r.errorClass());
    }
}
