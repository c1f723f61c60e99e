package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpMissingMemberException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.blockcore.BlockDeviceInfo;
import dev.qmpsdk.core.qapi.blockcore.BlockInfo;
import dev.qmpsdk.core.qapi.blockcore.BlockResizeArguments;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.core.qapi.migration.MigrationCapability;
import dev.qmpsdk.core.qapi.migration.MigrationCapabilityStatus;
import dev.qmpsdk.core.qapi.runstate.ShutdownEvent;
import dev.qmpsdk.core.qapi.ui.VncInfo2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules for replies of a QEMU newer than the compiled 2.11.2 schema (ARCHITECTURE.md, "The codec"): a
 * required member it no longer sends is delivered absent ({@code hasX()} false, the accessor throws), an
 * object-typed member it sends as another kind of value is kept raw, an enum value it added is kept; strict
 * mode rejects each of them.
 */
class NewerQemuDecodingTest {
    private static final QmpCodec TOLERANT = QmpCodec.of(QmpEvents.REGISTRY);
    private static final QmpCodec STRICT = TOLERANT.withStrict(true);

    /** The reply of issue 10: QEMU 7.2's query-named-block-nodes for one qcow2 node, without encryption_key_missing. */
    private static final String NAMED_BLOCK_NODES = "{\"return\": [{\"file\":\"/d.qcow2\",\"node-name\":\"disk0\",\"ro\":false,"
            + "\"drv\":\"qcow2\",\"backing_file_depth\":0,\"encrypted\":false,\"detect_zeroes\":\"off\",\"bps\":0,\"bps_rd\":0,"
            + "\"bps_wr\":0,\"iops\":0,\"iops_rd\":0,\"iops_wr\":0,\"image\":{\"filename\":\"/d.qcow2\",\"format\":\"qcow2\","
            + "\"virtual-size\":67108864,\"dirty-flag\":false},\"cache\":{\"writeback\":true,\"direct\":false,\"no-flush\":false},"
            + "\"write_threshold\":0}], \"id\": 1}";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String json) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(json);
    }

    private static JsonNode tree(byte[] json) throws IOException {
        return QapiJson.TREE_MAPPER.readTree(json);
    }

    private static BlockDeviceInfo namedBlockNode() {
        return TOLERANT.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, bytes(NAMED_BLOCK_NODES)).get(0);
    }

    @Test
    void issue10ReproductionIsDeliveredWithTheMemberVisiblyAbsent() {
        BlockDeviceInfo node = namedBlockNode();
        assertEquals("disk0", node.nodeName());
        assertEquals(67108864L, node.image().virtualSize());
        assertFalse(node.encrypted());
        assertTrue(node.hasEncrypted());
        assertFalse(node.hasEncryptionKeyMissing(), "QEMU 7.2 did not send it");

        QmpMissingMemberException e = assertThrows(QmpMissingMemberException.class, node::encryptionKeyMissing);
        assertEquals("BlockDeviceInfo", e.typeName());
        assertEquals("encryption_key_missing", e.memberName());
        assertNull(e.received());
        assertEquals("member 'encryption_key_missing' of BlockDeviceInfo was not sent by the server, although the compiled"
                + " schema requires it (a newer QEMU removed it); check hasEncryptionKeyMissing() before reading it", e.getMessage());
    }

    @Test
    void issue10ReproductionFailsClearlyInStrictMode() {
        QmpProtocolException e = assertThrows(QmpProtocolException.class,
                () -> STRICT.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, bytes(NAMED_BLOCK_NODES)));
        assertEquals("reply to query-named-block-nodes at /return/0: required member 'encryption_key_missing' of BlockDeviceInfo"
                + " is missing (strict mode)", e.getMessage());
        assertEquals("/return/0", e.jsonPath());
    }

    @Test
    void reEncodingKeepsTheMemberAbsent() throws IOException {
        BlockDeviceInfo node = namedBlockNode();
        byte[] again = TOLERANT.encodeReturn(QmpCommands.QUERY_NAMED_BLOCK_NODES, List.of(node), QapiJson.TREE_MAPPER.valueToTree(1));
        assertEquals(tree(NAMED_BLOCK_NODES), tree(again), "every member as sent, and no invented encryption_key_missing");
        assertEquals(node, TOLERANT.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, again).get(0));
    }

    @Test
    void equalsHashCodeAndToStringShowTheAbsence() {
        BlockDeviceInfo node = namedBlockNode();
        assertEquals(node, namedBlockNode());
        assertEquals(node.hashCode(), namedBlockNode().hashCode());
        BlockDeviceInfo withMember = node.toBuilder().encryptionKeyMissing(false).build();
        assertTrue(withMember.hasEncryptionKeyMissing());
        assertFalse(withMember.encryptionKeyMissing());
        assertNotEquals(node, withMember, "an absent member is not the same as false");

        String text = node.toString();
        assertTrue(text.contains("_missing=encryption_key_missing: not sent"), text);
        assertFalse(text.contains("encryptionKeyMissing="), "no placeholder shown as a value: " + text);
        assertTrue(withMember.toString().contains("encryptionKeyMissing=false"), withMember.toString());
    }

    @Test
    void toBuilderLeavesTheAbsentMemberUnsetForBuildToAskFor() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> namedBlockNode().toBuilder().build());
        assertEquals("BlockDeviceInfo: required member 'encryption_key_missing' (encryptionKeyMissing) is not set", e.getMessage());
        IllegalStateException fresh = assertThrows(IllegalStateException.class, () -> BlockDeviceInfo.builder().build());
        assertTrue(fresh.getMessage().contains("is not set"), "build() still requires every required member");
    }

    @Test
    void requiredMembersOfAUnionBaseAndBranchMayBeAbsent() throws IOException {
        String frame = "{\"return\": [{\"meta-type\": \"builtin\"}, {\"meta-type\": \"enum\", \"name\": \"1\"},"
                + " {\"meta-type\": \"newer-kind\", \"json-type\": \"x\"}], \"id\": 1}";
        List<SchemaInfo> infos = TOLERANT.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, bytes(frame));

        SchemaInfo.Builtin builtin = assertInstanceOf(SchemaInfo.Builtin.class, infos.get(0));
        assertFalse(builtin.hasName(), "base member, through the branch");
        assertFalse(((SchemaInfo) builtin).hasName(), "base member, through the union's interface");
        assertFalse(builtin.data().hasJsonType(), "branch member");
        assertEquals("name", assertThrows(QmpMissingMemberException.class, builtin::name).memberName());
        assertEquals("json-type", assertThrows(QmpMissingMemberException.class, () -> builtin.data().jsonType()).memberName());

        SchemaInfo.QapiEnum anEnum = assertInstanceOf(SchemaInfo.QapiEnum.class, infos.get(1));
        assertTrue(anEnum.hasName());
        assertFalse(anEnum.data().hasValues(), "a required list that is absent is not an empty list");
        assertThrows(QmpMissingMemberException.class, () -> anEnum.data().values());

        SchemaInfo.Unknown unknown = assertInstanceOf(SchemaInfo.Unknown.class, infos.get(2));
        assertFalse(unknown.hasName(), "the base of a branch this schema does not know");
        assertEquals(tree(frame), tree(TOLERANT.encodeReturn(QmpCommands.QUERY_QMP_SCHEMA, infos, QapiJson.TREE_MAPPER.valueToTree(1))));

        QmpProtocolException strict = assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, bytes(frame)));
        assertEquals("/return/0", strict.jsonPath());
    }

    @Test
    void aRequiredListThatBecameOptionalIsAbsentNotEmpty() {
        String frame = "{\"return\": [{\"id\": \"default\", \"auth\": \"none\", \"server\": []}], \"id\": 1}";
        VncInfo2 vnc = TOLERANT.decodeResult(QmpCommands.QUERY_VNC_SERVERS, bytes(frame)).get(0);
        assertTrue(vnc.hasServer());
        assertEquals(List.of(), vnc.server());
        assertFalse(vnc.hasClients());
        assertThrows(QmpMissingMemberException.class, vnc::clients);
    }

    @Test
    void eventDataMayLackRequiredMembersOrBeAbsentAltogether() throws IOException {
        String partial = "{\"event\": \"SHUTDOWN\", \"data\": {}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
        ShutdownEvent e = assertInstanceOf(ShutdownEvent.class, TOLERANT.decodeMessage(partial));
        assertFalse(e.hasGuest());
        assertEquals("guest", assertThrows(QmpMissingMemberException.class, e::guest).memberName());
        assertEquals(tree(partial), tree(TOLERANT.encodeEvent(e)), "no invented 'guest'");

        String noData = "{\"event\": \"SHUTDOWN\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}";
        ShutdownEvent bare = assertInstanceOf(ShutdownEvent.class, TOLERANT.decodeMessage(noData));
        assertFalse(bare.hasGuest());

        assertEquals("event SHUTDOWN at /data: required member 'guest' of SHUTDOWN is missing (strict mode)",
                assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(partial)).getMessage());
        assertTrue(assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(noData)).getMessage()
                .contains("event SHUTDOWN has no data, but requires 'guest' (strict mode)"));
    }

    @Test
    void commandArgumentsMayLackRequiredMembers() {
        QmpRequest request = assertInstanceOf(QmpRequest.class,
                TOLERANT.decodeMessage("{\"execute\": \"block_resize\", \"arguments\": {\"node-name\": \"disk0\"}}"));
        BlockResizeArguments args = TOLERANT.decodeArguments(QmpCommands.BLOCK_RESIZE, request);
        assertEquals("disk0", args.nodeName());
        assertFalse(args.hasSize());
        assertThrows(QmpMissingMemberException.class, args::size);
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> STRICT.decodeArguments(QmpCommands.BLOCK_RESIZE, request));
        assertEquals("arguments of block_resize at /arguments: required member 'size' of q_obj_block_resize-arg is missing (strict mode)",
                e.getMessage());
    }

    @Test
    void anObjectMemberSentAsAnotherKindOfValueIsKeptRawAndNamedByItsAccessor() throws IOException {
        // A newer schema that widened a struct to an alternate: a string where 2.11.2 has an object.
        String frame = NAMED_BLOCK_NODES.replace("\"image\":{\"filename\":\"/d.qcow2\",\"format\":\"qcow2\","
                + "\"virtual-size\":67108864,\"dirty-flag\":false}", "\"image\":\"/d.qcow2\"");
        BlockDeviceInfo node = TOLERANT.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, bytes(frame)).get(0);
        assertEquals("disk0", node.nodeName(), "the rest of the reply is delivered");
        assertFalse(node.hasImage());
        QmpMissingMemberException e = assertThrows(QmpMissingMemberException.class, node::image);
        assertEquals("image", e.memberName());
        assertEquals(tree("\"/d.qcow2\""), e.received());
        assertTrue(e.getMessage().contains("member 'image' of BlockDeviceInfo was sent as a string \"/d.qcow2\", not as the object"),
                e.getMessage());
        assertEquals(tree(frame), tree(TOLERANT.encodeReturn(QmpCommands.QUERY_NAMED_BLOCK_NODES, List.of(node),
                QapiJson.TREE_MAPPER.valueToTree(1))), "re-encoded as it was sent");

        assertEquals("reply to query-named-block-nodes at /return/0/image: expected an object (ImageInfo), got a string"
                + " \"/d.qcow2\" (strict mode)",
                assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, bytes(frame)))
                        .getMessage());
    }

    @Test
    void anOptionalObjectMemberSentAsAnotherKindThrowsRatherThanLookAbsent() {
        String frame = "{\"return\": [{\"device\": \"cd0\", \"locked\": false, \"removable\": true, \"type\": \"unknown\","
                + " \"inserted\": 5}], \"id\": 1}";
        BlockInfo info = TOLERANT.decodeResult(QmpCommands.QUERY_BLOCK, bytes(frame)).get(0);
        assertEquals("cd0", info.device());
        QmpMissingMemberException e = assertThrows(QmpMissingMemberException.class, info::inserted);
        assertTrue(e.getMessage().contains("was sent as the number 5"), e.getMessage());
        assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_BLOCK, bytes(frame)));
    }

    @Test
    void anEnumValueANewerQemuAddedIsKept() throws IOException {
        String frame = "{\"return\": [{\"capability\": \"multifd\", \"state\": false}], \"id\": 1}";
        MigrationCapabilityStatus status = TOLERANT.decodeResult(QmpCommands.QUERY_MIGRATE_CAPABILITIES, bytes(frame)).get(0);
        assertEquals(MigrationCapability.Known.UNKNOWN_TO_SDK_VERSION, status.capability().known());
        assertEquals("multifd", status.capability().wireName());
        assertEquals(tree(frame), tree(TOLERANT.encodeReturn(QmpCommands.QUERY_MIGRATE_CAPABILITIES, List.of(status),
                QapiJson.TREE_MAPPER.valueToTree(1))));
        assertTrue(assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_MIGRATE_CAPABILITIES, bytes(frame)))
                .getMessage().contains("'multifd' is not a value of enum MigrationCapability (strict mode)"));
    }
}
