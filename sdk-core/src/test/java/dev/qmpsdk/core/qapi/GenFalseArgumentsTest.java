package dev.qmpsdk.core.qapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.misc.DeviceAddArguments;
import dev.qmpsdk.core.qapi.net.NetdevAddArguments;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code device_add} and {@code netdev_add} are {@code 'gen': false}: the schema declares only their common
 * arguments and QEMU takes the rest ("additional arguments depend on the type"). Their generated argument
 * types keep undeclared members, even in strict mode, and can send them.
 */
class GenFalseArgumentsTest {
    private static final QmpCodec STRICT = QmpCodec.of(QmpEvents.REGISTRY).withStrict(true);

    @Test
    void deviceAddKeepsDeviceProperties() throws Exception {
        String wire = "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"e1000\", \"id\": \"net1\", \"bus\": \"pci.0\","
                + " \"mac\": \"52:54:00:12:34:56\", \"x\": {\"n\": [1]}}}";
        DeviceAddArguments args = STRICT.decodeArguments(QmpCommands.DEVICE_ADD, (QmpRequest) STRICT.decodeMessage(wire));
        assertEquals("e1000", args.driver());
        assertEquals(Map.of("mac", new TextNode("52:54:00:12:34:56"), "x", QapiJson.TREE_MAPPER.readTree("{\"n\": [1]}")),
                args._additionalMembers());
        JsonNode back = QapiJson.TREE_MAPPER.readTree(STRICT.encodeRequest(QmpCommands.DEVICE_ADD, args, null, false));
        assertEquals(QapiJson.TREE_MAPPER.readTree(wire), back);
        assertEquals(args, args.toBuilder().build());
    }

    @Test
    void builderSendsAdditionalMembersAfterDeclaredOnes() {
        NetdevAddArguments args = NetdevAddArguments.of(b -> b.type("user").id("n0")._additionalMember("dnssearch", new TextNode("example.org")));
        assertEquals("{\"execute\":\"netdev_add\",\"arguments\":{\"type\":\"user\",\"id\":\"n0\",\"dnssearch\":\"example.org\"},\"id\":1}",
                new String(STRICT.encodeRequest(QmpCommands.NETDEV_ADD, args, 1)));
        assertEquals(Map.of(), args.toBuilder()._additionalMember("dnssearch", null).build()._additionalMembers());
    }

    @Test
    void declaredMembersCannotBeSetAsAdditionalOnes() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> DeviceAddArguments.builder()._additionalMember("driver", new TextNode("e1000")));
        assertEquals("q_obj_device_add-arg: 'driver' is a declared member, not an additional one", x.getMessage());
    }

    @Test
    void declaredMembersAreStillTyped() {
        String wire = "{\"execute\": \"device_add\", \"arguments\": {\"driver\": 1}}";
        QmpProtocolException x = assertThrows(QmpProtocolException.class,
                () -> STRICT.decodeArguments(QmpCommands.DEVICE_ADD, (QmpRequest) STRICT.decodeMessage(wire)));
        assertEquals("/arguments/driver", x.jsonPath());
    }
}
