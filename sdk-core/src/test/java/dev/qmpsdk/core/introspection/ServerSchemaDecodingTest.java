package dev.qmpsdk.core.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumType;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding {@code query-qmp-schema} answers of every format from QEMU 2.11 to 10.x, strictly and tolerantly: the real
 * QEMU 7.2 answer (enum {@code members} with features, {@code features} on commands, events, objects and members,
 * {@code allow-oob}), the compiled 2.11.2 answer (none of those), and small answers for what 7.2 does not show.
 */
class ServerSchemaDecodingTest {
    private static final JsonNode QEMU_72 = Qemu72SchemaAnswer.load();

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyEntryOfTheQemu72AnswerDecodes(boolean strict) {
        ServerSchema schema = ServerSchema.decode(QEMU_72, strict);
        assertEquals(QEMU_72.size(), schema.entities().size());
        assertEquals(216, schema.commandNames().size(), "DESIGN.md: QEMU 7.2 -machine none offers 216 commands");
        assertEquals(52, schema.eventNames().size());
        assertFalse(schema.entities().stream().anyMatch(e -> e instanceof SchemaEntity.Unknown), "every 7.2 meta-type is known");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theCompiled2112AnswerDecodesAndNamesExactlyTheCompiledCommandsAndEvents(boolean strict) {
        ServerSchema schema = ServerSchema.decode(QmpSchemaIntrospection.json().getBytes(StandardCharsets.UTF_8), strict);
        assertEquals(QmpSchemaIntrospection.ENTRIES, schema.entities().size());
        assertEquals(new TreeSet<>(QmpCommands.ALL.stream().map(CommandDescriptor::name).toList()), schema.commandNames());
        assertEquals(new TreeSet<>(QmpEvents.REGISTRY.names()), schema.eventNames());
        assertTrue(schema.entities().stream().allMatch(e -> e.features().names().isEmpty()), "2.11 lists no features");
    }

    @Test
    void qemu72FeaturesAreReadWhereverTheyAre() {
        ServerSchema schema = ServerSchema.decode(QEMU_72, true);
        assertTrue(schema.command("drive-backup").orElseThrow().features().deprecated());
        assertTrue(schema.command("x-query-irq").orElseThrow().features().unstable());
        assertTrue(schema.event("MEM_UNPLUG_ERROR").orElseThrow().features().deprecated());
        assertTrue(schema.command("blockdev-snapshot").orElseThrow().features().has("allow-write-only-overlay"));
        ObjectMember device = schema.argument("eject", "device").orElseThrow();
        assertTrue(device.optional() && device.features().deprecated(), device.toString());
        assertEquals(List.of("migrate-pause", "migrate-recover", "query-yank", "yank"),
                schema.commandNames().stream().filter(c -> schema.command(c).orElseThrow().allowOob()).toList());
        EnumType migrationCapability = assertInstanceOf(EnumType.class,
                schema.typeAt(SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES).member("capabilities").member("capability")).orElseThrow());
        assertTrue(migrationCapability.member("x-colo").orElseThrow().features().unstable());
        assertFalse(migrationCapability.member("multifd").orElseThrow().features().unstable());
    }

    @Test
    void enumsOfQemu211HaveOnlyValuesAndThoseOfANewerQemuMayHaveOnlyMembers() {
        ServerSchema old = schema("""
                [{"name": "0", "meta-type": "enum", "values": ["a", "b"]}]""", true);
        ServerSchema next = schema("""
                [{"name": "0", "meta-type": "enum", "members": [{"name": "a"}, {"name": "b", "features": ["deprecated"]}]}]""", true);
        assertEquals(List.of("a", "b"), ((EnumType) old.entity("0").orElseThrow()).values());
        assertEquals(List.of("a", "b"), ((EnumType) next.entity("0").orElseThrow()).values());
        assertTrue(((EnumType) next.entity("0").orElseThrow()).member("b").orElseThrow().features().deprecated());
    }

    @Test
    void strictModeRejectsWhatNoQemuSendsAndTolerantModeSkipsIt() {
        String unknownMember = """
                [{"name": "stop", "meta-type": "command", "arg-type": "0", "ret-type": "0", "x-new": 1},
                 {"name": "0", "meta-type": "object", "members": []}]""";
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> schema(unknownMember, true));
        assertEquals("query-qmp-schema answer at /0: member 'x-new' is not part of QEMU's introspection format"
                + " for meta-type 'command' (strict mode)", e.getMessage());
        assertTrue(schema(unknownMember, false).command("stop").isPresent());

        String unknownMetaType = """
                [{"name": "x", "meta-type": "module", "file": "a.json"}]""";
        assertEquals("/0/meta-type", assertThrows(QmpProtocolException.class, () -> schema(unknownMetaType, true)).jsonPath());
        assertInstanceOf(SchemaEntity.Unknown.class, schema(unknownMetaType, false).entity("x").orElseThrow());
    }

    @Test
    void strictModeRejectsDanglingAndDuplicateNames() {
        QmpProtocolException dangling = assertThrows(QmpProtocolException.class, () -> schema("""
                [{"name": "stop", "meta-type": "command", "arg-type": "0", "ret-type": "7"},
                 {"name": "0", "meta-type": "object", "members": []}]""", true));
        assertTrue(dangling.getMessage().contains("[stop -> 7]"), dangling.getMessage());
        assertThrows(QmpProtocolException.class, () -> schema("""
                [{"name": "0", "meta-type": "object", "members": []}, {"name": "0", "meta-type": "object", "members": []}]""", true));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void whatCannotBeReadFailsInBothModesNamingThePlace(boolean strict) {
        QmpProtocolException noName = assertThrows(QmpProtocolException.class, () -> schema("""
                [{"name": "0", "meta-type": "object", "members": [{"type": "str"}]}]""", strict));
        assertEquals("query-qmp-schema answer at /0/members/0: required member 'name' is missing", noName.getMessage());
        QmpProtocolException notBool = assertThrows(QmpProtocolException.class, () -> schema("""
                [{"name": "stop", "meta-type": "command", "arg-type": "0", "ret-type": "0", "allow-oob": "yes"}]""", strict));
        assertEquals("/0/allow-oob", notBool.jsonPath());
        assertThrows(QmpProtocolException.class, () -> schema("{\"return\": []}", strict));
    }

    private static ServerSchema schema(String json, boolean strict) {
        return ServerSchema.decode(json.getBytes(StandardCharsets.UTF_8), strict);
    }
}
