package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.schema.SeedCheck;
import dev.qmpsdk.schema.model.Builtin;
import dev.qmpsdk.schema.model.BuiltinType;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.SchemaWarning;
import dev.qmpsdk.schema.model.SourceLocation;
import dev.qmpsdk.schema.model.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two QEMU 1.1-era schemas among the seeds, after undoing the damage of saving them from the web. */
@SeedCheck
class SeedSchemaTest {
    private static final String FILE = "qapi-schema.json";

    @Test
    void seed001HasAll79ExpressionsOf1xSyntax() {
        QapiSchema schema = QapiSchemaLoader.parse(FILE, Seeds.schemaOf001(), QapiSchemaLoader.Options.LENIENT);

        assertEquals(79, schema.definitions().size());
        // the one flaw of 001: block_stream's doc block lost its opening '##'
        assertEquals(List.of(new SchemaWarning(new SourceLocation(FILE, 1510, 1), "'##' closes a doc block that was never opened")),
                schema.warnings());
        assertEquals("block_stream", schema.command("block_stream").orElseThrow().info().doc().symbol());

        ObjectType nameInfo = (ObjectType) schema.type("NameInfo").orElseThrow();   // 1.x 'type' = struct
        assertEquals(ObjectType.Kind.STRUCT, nameInfo.kind());
        assertTrue(nameInfo.members().get(0).optional());
        assertEquals("#optional The name of the guest", nameInfo.members().get(0).doc());

        ObjectType versionInfo = (ObjectType) schema.type("VersionInfo").orElseThrow();
        ObjectType qemu = (ObjectType) versionInfo.members().get(0).type();  // nested anonymous struct
        assertEquals("q_obj_VersionInfo-qemu-nested", qemu.name());
        assertEquals(ObjectType.Kind.NESTED, qemu.kind());
        assertEquals("VersionInfo", qemu.owner());
        assertEquals("qemu", qemu.ownerPart());
        assertEquals(List.of("major", "minor", "micro"), qemu.members().stream().map(Member::name).toList());
        assertEquals("The major version of QEMU", qemu.members().get(0).doc(), "from '@qemu.major:'");

        Command qomGet = schema.command("qom-get").orElseThrow();
        assertFalse(qomGet.gen(), "'gen': 'no'");
        assertEquals(new BuiltinType(Builtin.ANY), qomGet.returns(), "1.x 'visitor' is today's 'any'");

        EnumType runState = (EnumType) schema.type("RunState").orElseThrow();   // 1.x doc symbol without colon
        assertEquals("RunState", runState.info().doc().symbol());
        assertEquals("QEMU is running on a debugger", runState.values().get(0).doc());
    }

    @Test
    void seed004NeedsLenientModeForItsCommas() {
        String text = Seeds.schemaOf004();
        QapiSchema schema = QapiSchemaLoader.parse(FILE, text, QapiSchemaLoader.Options.LENIENT);

        assertEquals(86, schema.definitions().size());
        List<String> warnings = schema.warnings().stream().map(SchemaWarning::toString).toList();
        assertTrue(warnings.contains(FILE + ":1136:3: missing ',' before key 'data'"), warnings.toString());
        assertTrue(warnings.contains(FILE + ":1162:52: trailing ',' before '}'"), warnings.toString());

        ObjectType action = (ObjectType) schema.type("BlockdevAction").orElseThrow();
        assertEquals(ObjectType.Kind.SIMPLE_UNION, action.kind());
        Member tag = action.localMembers().get(0);
        assertEquals("type", tag.name());
        assertSame(schema.type("BlockdevActionKind").orElseThrow(), tag.type());
        assertTrue(((EnumType) tag.type()).isImplicit());
        Variant branch = action.variants().variants().get(0);
        assertEquals("blockdev-snapshot-sync", branch.name());
        ObjectType wrapper = (ObjectType) branch.type();
        assertEquals("q_obj_BlockdevSnapshot-wrapper", wrapper.name());
        assertEquals(ObjectType.Kind.BRANCH_WRAPPER, wrapper.kind());
        assertEquals("blockdev-snapshot-sync", wrapper.ownerPart());
        assertSame(schema.type("BlockdevSnapshot").orElseThrow(), wrapper.members().get(0).type());

        // the '##' lines are gone, yet docs are found from the '@symbol' line on
        EnumType mode = (EnumType) schema.type("NewImageMode").orElseThrow();
        assertEquals("QEMU should look for an existing image file.", mode.values().get(0).doc());
    }

    @Test
    void seed004FailsStrictlyAtTheFirstDamage() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(dev.qmpsdk.schema.model.QapiSchemaException.class,
                () -> QapiSchemaLoader.parse(FILE, Seeds.schemaOf004(), QapiSchemaLoader.Options.STRICT));
        assertTrue(error.getMessage().startsWith(FILE + ":5:1: doc block is not closed"), error.getMessage());
    }
}
