package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How a union reader picks the branch when the discriminator is not first. Two paths are exercised for every
 * case: a whole reply frame ({@link QmpCodec#decodeResult(CommandDescriptor, byte[])}), where the reader can
 * look ahead in the bytes for the discriminator, and a {@link QmpReply} whose {@code return} is already a
 * buffered value, where it cannot and must choose the branch from the members or buffer them. Both must give
 * the same value; where they legitimately report a problem differently, each path's error is checked.
 */
class UnionBranchChoiceTest {
    private static final QmpCodec TOLERANT = QmpCodec.of(QmpEvents.REGISTRY);
    private static final QmpCodec STRICT = TOLERANT.withStrict(true);

    private static final String MEMBERS = "\"members\": [{\"name\": \"a\", \"type\": \"str\"}, {\"name\": \"b\", \"type\": \"int\"}]";
    private static final String VARIANTS = "\"tag\": \"a\", \"variants\": [{\"case\": \"x\", \"type\": \"2\"}]";

    private static String frame(String... infos) {
        return "{\"return\": [" + String.join(", ", infos) + "], \"id\": 1}";
    }

    /** Decodes through the frame's bytes (look ahead possible). */
    private static List<SchemaInfo> fromBytes(QmpCodec codec, String... infos) {
        return codec.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, frame(infos).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes from a reply whose return value was buffered first (no look ahead). */
    private static List<SchemaInfo> fromReply(QmpCodec codec, String... infos) {
        QmpReply reply = (QmpReply) codec.decodeMessage(frame(infos));
        return codec.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, reply);
    }

    private static List<SchemaInfo> bothPaths(QmpCodec codec, String... infos) {
        List<SchemaInfo> viaBytes = fromBytes(codec, infos);
        assertEquals(viaBytes, fromReply(codec, infos), "bytes and buffered paths disagree");
        return viaBytes;
    }

    private static QmpProtocolException error(Function<String[], List<SchemaInfo>> decode, String... infos) {
        return assertThrows(QmpProtocolException.class, () -> decode.apply(infos));
    }

    @Test
    void discriminatorFirstMiddleOrLastGivesTheSameValue() {
        String first = "{\"meta-type\": \"object\", \"name\": \"1\", " + MEMBERS + ", " + VARIANTS + "}";
        String middle = "{\"name\": \"1\", " + MEMBERS + ", \"meta-type\": \"object\", " + VARIANTS + "}";
        String last = "{\"name\": \"1\", " + MEMBERS + ", " + VARIANTS + ", \"meta-type\": \"object\"}";
        for (QmpCodec codec : List.of(TOLERANT, STRICT)) {
            List<SchemaInfo> infos = bothPaths(codec, first, middle, last);
            SchemaInfo.QapiObject object = assertInstanceOf(SchemaInfo.QapiObject.class, infos.get(0));
            assertEquals(List.of("a", "b"), object.data().members().stream().map(m -> m.name()).toList());
            assertEquals("a", object.data().tag());
            assertEquals("1", object.name());
            assertEquals(object, infos.get(1));
            assertEquals(object, infos.get(2));
        }
    }

    @Test
    void aMemberOfSeveralBranchesBeforeTheDiscriminatorIsBufferedWhenTheBytesCannotTell() {
        // 'members' is in the object and the alternate branches with different types; an escaped discriminator
        // defeats the look ahead in the bytes (it compares raw bytes), so even the frame path must buffer
        // 'members' and replay it once the discriminator is read.
        String escapedName = "{\"name\": \"A\", \"members\": [{\"type\": \"str\"}, {\"type\": \"int\"}], \"meta\\u002dtype\": \"alternate\"}";
        String escapedValue = "{\"name\": \"A\", \"members\": [{\"type\": \"str\"}, {\"type\": \"int\"}], \"meta-type\": \"\\u0061lternate\"}";
        String plain = "{\"name\": \"A\", \"members\": [{\"type\": \"str\"}, {\"type\": \"int\"}], \"meta-type\": \"alternate\"}";
        for (QmpCodec codec : List.of(TOLERANT, STRICT)) {
            List<SchemaInfo> infos = bothPaths(codec, escapedName, escapedValue, plain);
            SchemaInfo.Alternate a = assertInstanceOf(SchemaInfo.Alternate.class, infos.get(0));
            assertEquals(List.of("str", "int"), a.data().members().stream().map(m -> m.type()).toList());
            assertEquals(a, infos.get(1));
            assertEquals(a, infos.get(2));
        }
    }

    @Test
    void errorInABufferedMemberNamesItsPathInTheMessage() {
        String bad = "{\"name\": \"A\", \"members\": [{\"type\": \"str\"}, {\"type\": 5}], \"meta\\u002dtype\": \"alternate\"}";
        for (Function<String[], List<SchemaInfo>> path : List.<Function<String[], List<SchemaInfo>>>of(
                infos -> fromBytes(TOLERANT, infos), infos -> fromReply(TOLERANT, infos))) {
            assertEquals("/return/0/members/1/type", error(path, bad).jsonPath());
        }
    }

    @Test
    void strictModeTakesAMemberOnlyOneBranchHasAsTheBranchAndRejectsAContradictingDiscriminator() {
        // 'tag' is only in the object branch. Without the bytes, strict mode reads the object branch from there
        // on and the discriminator then contradicts it.
        String info = "{\"name\": \"1\", \"tag\": \"a\", \"meta-type\": \"enum\", \"values\": []}";
        QmpProtocolException implied = error(infos -> fromReply(STRICT, infos), info);
        assertEquals("/return/0/meta-type", implied.jsonPath());
        assertEquals("reply to query-qmp-schema at /return/0/meta-type: 'enum' contradicts member 'tag' before it, "
                + "which only branch 'object' of union SchemaInfo has (strict mode)", implied.getMessage());
        // With the bytes, the discriminator is known first and 'tag' is a member of the wrong branch.
        QmpProtocolException lookedAhead = error(infos -> fromBytes(STRICT, infos), info);
        assertEquals("reply to query-qmp-schema at /return/0/tag: member 'tag' is not part of SchemaInfo (meta-type 'enum') "
                + "(strict mode)", lookedAhead.getMessage());
    }

    @Test
    void aMemberImpliedBranchThatTheDiscriminatorConfirmsGivesTheValue() {
        String info = "{\"name\": \"1\", " + VARIANTS + ", " + MEMBERS + ", \"meta-type\": \"object\"}";
        SchemaInfo.QapiObject o = assertInstanceOf(SchemaInfo.QapiObject.class, bothPaths(STRICT, info).get(0));
        assertEquals("2", o.data().variants().get(0).type());
    }

    @Test
    void tolerantModeLetsTheDiscriminatorDecideOverAMemberOfAnotherBranch() {
        // A newer QEMU may have added the name to another branch: tolerant mode must not take it as the branch.
        String info = "{\"name\": \"E\", \"tag\": \"a\", \"meta-type\": \"enum\", \"values\": [\"on\"]}";
        SchemaInfo.QapiEnum e = assertInstanceOf(SchemaInfo.QapiEnum.class, bothPaths(TOLERANT, info).get(0));
        assertEquals(List.of("on"), e.data().values());
    }

    @Test
    void unknownMembersBeforeTheDiscriminatorAreSkippedWhenTolerantAndNamedWhenStrict() {
        String info = "{\"name\": \"e\", \"bogus\": {\"x\": [1, 2]}, \"meta-type\": \"event\", \"arg-type\": \"0\"}";
        SchemaInfo.Event event = assertInstanceOf(SchemaInfo.Event.class, bothPaths(TOLERANT, info).get(0));
        assertEquals("0", event.data().argType());
        for (Function<String[], List<SchemaInfo>> path : List.<Function<String[], List<SchemaInfo>>>of(
                infos -> fromBytes(STRICT, infos), infos -> fromReply(STRICT, infos))) {
            QmpProtocolException e = error(path, info);
            assertEquals("reply to query-qmp-schema at /return/0/bogus: member 'bogus' is not part of SchemaInfo (meta-type 'event') "
                    + "(strict mode)", e.getMessage());
        }
    }

    @Test
    void missingDiscriminatorAfterBranchMembersNamesTheObject() {
        // In strict mode without the bytes, 'tag' chooses the object branch, which must still find the discriminator.
        String info = "{\"name\": \"1\", " + MEMBERS + ", " + VARIANTS + "}";
        for (QmpCodec codec : List.of(TOLERANT, STRICT)) {
            for (Function<String[], List<SchemaInfo>> path : List.<Function<String[], List<SchemaInfo>>>of(
                    infos -> fromBytes(codec, infos), infos -> fromReply(codec, infos))) {
                assertEquals("reply to query-qmp-schema at /return/0: discriminator 'meta-type' of SchemaInfo is missing or not a string",
                        error(path, info).getMessage());
            }
        }
    }

    @Test
    void duplicateDiscriminatorThatDisagreesIsAnError() {
        String info = "{\"meta-type\": \"event\", \"name\": \"e\", \"arg-type\": \"0\", \"meta-type\": \"command\"}";
        QmpProtocolException e = error(infos -> fromBytes(TOLERANT, infos), info);
        assertEquals("reply to query-qmp-schema at /return/0/meta-type: 'command' contradicts the earlier 'meta-type': "
                + "'event' of union SchemaInfo", e.getMessage());
    }

    @Test
    void valueWithoutABranchKeepsTheBaseMembersReadBeforeTheDiscriminator() throws IOException {
        String gizmo = "{\"name\": \"x\", \"parts\": [1, {\"a\": null}], \"meta-type\": \"gizmo\", \"size\": 3}";
        for (List<SchemaInfo> infos : List.of(fromBytes(TOLERANT, gizmo), fromReply(TOLERANT, gizmo))) {
            SchemaInfo.Unknown u = assertInstanceOf(SchemaInfo.Unknown.class, infos.get(0));
            assertEquals("x", u.name());
            ObjectNode raw = u._raw();
            assertEquals(QapiJson.TREE_MAPPER.readTree(gizmo), raw);
        }
    }
}
