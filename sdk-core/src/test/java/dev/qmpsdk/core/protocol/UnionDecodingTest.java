package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.introspect.JSONType;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Unions are read in one pass: members that come before the discriminator are buffered and replayed into the
 * branch once the discriminator is known. QEMU sends members in its dictionaries' hash order, so in
 * {@code query-qmp-schema} {@code meta-type} often comes after {@code name} and {@code members}. Whatever the
 * order, the value, the error paths and the raw form of unknown branches must be those of the whole object.
 */
class UnionDecodingTest {
    private static final QmpCodec TOLERANT = QmpCodec.of(QmpEvents.REGISTRY);
    private static final QmpCodec STRICT = TOLERANT.withStrict(true);

    private static final String OBJECT_LAST = "{\"name\": \"1\", \"members\": [{\"name\": \"a\", \"type\": \"str\"},"
            + " {\"name\": \"b\", \"type\": \"int\", \"default\": null}], \"tag\": \"a\","
            + " \"variants\": [{\"case\": \"x\", \"type\": \"2\"}], \"meta-type\": \"object\"}";
    private static final String OBJECT_FIRST = "{\"meta-type\": \"object\", \"name\": \"1\", \"members\": [{\"name\": \"a\", \"type\": \"str\"},"
            + " {\"name\": \"b\", \"type\": \"int\", \"default\": null}], \"tag\": \"a\","
            + " \"variants\": [{\"case\": \"x\", \"type\": \"2\"}]}";

    private static List<SchemaInfo> schema(QmpCodec codec, String... infos) {
        QmpReply reply = (QmpReply) codec.decodeMessage("{\"return\": [" + String.join(", ", infos) + "], \"id\": 1}");
        return codec.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, reply);
    }

    private static QmpProtocolException schemaError(QmpCodec codec, String... infos) {
        return assertThrows(QmpProtocolException.class, () -> schema(codec, infos));
    }

    private static JsonNode tree(String json) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(json);
    }

    @Test
    void discriminatorAfterOtherMembersGivesTheSameValueAsDiscriminatorFirst() {
        List<SchemaInfo> infos = schema(STRICT, OBJECT_LAST, OBJECT_FIRST,
                "{\"json-type\": \"int\", \"name\": \"int\", \"meta-type\": \"builtin\"}");
        SchemaInfo.QapiObject last = assertInstanceOf(SchemaInfo.QapiObject.class, infos.get(0));
        assertEquals(infos.get(1), last);
        assertEquals("1", last.name());
        assertEquals(List.of("a", "b"), last.data().members().stream().map(m -> m.name()).toList());
        assertEquals(QapiJson.TREE_MAPPER.nullNode(), last.data().members().get(1).default_());
        assertEquals("a", last.data().tag());
        assertEquals("2", last.data().variants().get(0).type());
        assertEquals(JSONType.INT, assertInstanceOf(SchemaInfo.Builtin.class, infos.get(2)).data().jsonType());
    }

    @Test
    void errorInAMemberBufferedBeforeTheDiscriminatorNamesItsPathInTheMessage() {
        QmpProtocolException scalar = schemaError(STRICT, OBJECT_LAST, "{\"name\": 5, \"meta-type\": \"event\", \"arg-type\": \"0\"}");
        assertEquals("/return/1/name", scalar.jsonPath());
        assertEquals("reply to query-qmp-schema at /return/1/name: expected a string, got the number 5", scalar.getMessage());

        QmpProtocolException nested = schemaError(STRICT,
                "{\"name\": \"1\", \"members\": [{\"name\": \"a\", \"type\": \"str\"}, {\"name\": \"b\", \"type\": 7}], \"meta-type\": \"object\"}");
        assertEquals("/return/0/members/1/type", nested.jsonPath());

        QmpProtocolException unknown = schemaError(STRICT, "{\"name\": \"e\", \"bogus\": {\"x\": 1}, \"meta-type\": \"event\", \"arg-type\": \"0\"}");
        assertEquals("/return/0/bogus", unknown.jsonPath());
    }

    @Test
    void errorAfterTheDiscriminatorStillNamesItsPath() {
        QmpProtocolException e = schemaError(STRICT, "{\"name\": \"e\", \"meta-type\": \"event\", \"arg-type\": false}");
        assertEquals("/return/0/arg-type", e.jsonPath());
    }

    @Test
    void missingRequiredMemberOfTheBranchNamesTheUnionObject() {
        QmpProtocolException e = schemaError(STRICT, OBJECT_FIRST, "{\"name\": \"e\", \"meta-type\": \"event\"}");
        assertEquals("reply to query-qmp-schema at /return/1: required member 'arg-type' of SchemaInfo (meta-type 'event') is missing (strict mode)",
                e.getMessage());
    }

    @Test
    void missingOrNonStringDiscriminatorNamesTheUnionObject() {
        for (String bad : List.of("{\"name\": \"e\", \"arg-type\": \"0\"}", "{\"name\": \"e\", \"meta-type\": 5, \"arg-type\": \"0\"}",
                "{\"name\": \"e\", \"meta-type\": {\"a\": 1}, \"arg-type\": \"0\"}", "{\"name\": \"e\", \"meta-type\": [1], \"arg-type\": \"0\"}",
                "{\"name\": \"e\", \"meta-type\": null}")) {
            QmpProtocolException e = schemaError(TOLERANT, OBJECT_FIRST, bad);
            assertEquals("reply to query-qmp-schema at /return/1: discriminator 'meta-type' of SchemaInfo is missing or not a string",
                    e.getMessage(), bad);
        }
    }

    @Test
    void unknownDiscriminatorIsAnErrorAtTheDiscriminatorWhenStrict() {
        QmpProtocolException e = schemaError(STRICT, OBJECT_FIRST, "{\"name\": \"x\", \"meta-type\": \"gizmo\", \"size\": 3}");
        assertEquals("/return/1/meta-type", e.jsonPath());
        assertEquals("reply to query-qmp-schema at /return/1/meta-type: 'gizmo' selects no branch of union SchemaInfo (strict mode)",
                e.getMessage());
    }

    @Test
    void unknownDiscriminatorKeepsTheWholeObjectInWireOrder() throws IOException {
        String gizmo = "{\"name\": \"x\", \"parts\": [1, {\"a\": null}], \"meta-type\": \"gizmo\", \"size\": 3, \"when\": {\"t\": 1.5}}";
        SchemaInfo.Unknown u = assertInstanceOf(SchemaInfo.Unknown.class, schema(TOLERANT, gizmo).get(0));
        assertEquals("x", u.name());
        assertEquals("gizmo", u.metaType().wireName());
        ObjectNode raw = u._raw();
        assertEquals(tree(gizmo), raw);
        assertEquals(List.of("name", "parts", "meta-type", "size", "when"), raw.properties().stream().map(Map.Entry::getKey).toList());
        StringWriter out = new StringWriter();
        try (JsonGenerator g = QapiJson.TREE_MAPPER.getFactory().createGenerator(out)) {
            u._writeJson(g);
        }
        assertEquals(gizmo.replace(" ", ""), out.toString());
    }

    @Test
    void unknownDiscriminatorWithABadBaseMemberIsStillAnError() {
        QmpProtocolException e = schemaError(TOLERANT, "{\"meta-type\": \"gizmo\", \"name\": 5}");
        assertEquals("/return/0/name", e.jsonPath());
    }
}
