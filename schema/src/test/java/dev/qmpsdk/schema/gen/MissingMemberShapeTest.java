package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape generated for members a newer server may leave out or send as another kind of value: {@code hasX()}
 * per required member, named by the naming rule so that no schema member loses its name to one; a union's base
 * members answer to one name in its interface and every branch; optional members get none.
 */
class MissingMemberShapeTest {
    private static final String SCHEMA = """
            { 'struct': 'Disk', 'data': { 'name': 'str', 'has-name': 'bool', '*size': 'int', 'image': 'Image',
                                          '*backing': 'Image', 'hasSize': 'int' } }
            { 'struct': 'Image', 'data': { 'file': 'str' } }
            { 'enum': 'Kind', 'data': [ 'a', 'b' ] }
            { 'union': 'Thing', 'base': { 'kind': 'Kind', 'id': 'int' }, 'discriminator': 'kind',
              'data': { 'a': 'ThingA', 'b': 'ThingB' } }
            { 'struct': 'ThingA', 'data': { 'has-id': 'str' } }
            { 'struct': 'ThingB', 'data': { 'weight': 'int' } }
            { 'event': 'DISK_GONE', 'data': { 'disk': 'Disk' } }
            { 'command': 'query-things', 'returns': [ 'Thing' ] }
            """;

    private static Map<String, String> files;

    @BeforeAll
    static void generate() {
        files = new JavaGenerator(QapiSchemaLoader.parse("t.json", SCHEMA, QapiSchemaLoader.Options.STRICT), "com.example.t", "t")
                .generate();
    }

    private static String file(String simpleName) {
        return files.entrySet().stream().filter(e -> e.getKey().endsWith("/" + simpleName + ".java")).findFirst()
                .orElseThrow(() -> new AssertionError(simpleName + ".java not generated: " + files.keySet())).getValue();
    }

    private static int count(String source, String regex) {
        Matcher m = Pattern.compile(regex).matcher(source);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void presenceMethodsNeverTakeASchemaMembersName() {
        String disk = file("Disk");
        // member 'has-name' is the accessor hasName(); the presence check of 'name' moves aside to hasName2()
        assertTrue(disk.contains("public boolean hasName() {\n        if (_missing != null) {"), "accessor of 'has-name'");
        assertTrue(disk.contains("public boolean hasName2() {\n        return _missing == null || !_missing.contains(\"name\");"), disk);
        // 'hasSize' is a member (an int); the optional 'size' gets no presence check at all
        assertTrue(disk.contains("public long hasSize() {"), "accessor of member 'hasSize'");
        assertTrue(disk.contains("public boolean hasHasSize() {"), "presence check of member 'hasSize'");
        assertEquals(0, count(disk, "boolean hasSize\\("), "no presence check named like member 'hasSize'");
        assertFalse(disk.contains("hasBacking"), "optional members have no presence check");
    }

    @Test
    void aRequiredMemberIsRecordedMissingAndAnObjectMemberOfAnotherKindIsKeptRaw() {
        String disk = file("Disk");
        assertTrue(disk.contains("b._missing = ctx.missingMember(p, \"Disk\", \"name\", b._missing);"), disk);
        assertTrue(disk.contains("b._missing = ctx.unexpectedKind(p, \"Disk\", \"image\", \"Image\", b._missing);"), disk);
        assertTrue(disk.contains("} else if (p.currentToken() != JsonToken.VALUE_NULL) {\n"
                + "                        b._missing = ctx.unexpectedKind(p, \"Disk\", \"backing\", \"Image\", b._missing);"), disk);
        // a primitive member gets a placeholder that toBuilder() unsets again
        assertTrue(disk.contains("b.hasName = false;"), disk);
        assertTrue(disk.contains("if (!hasHasName()) {\n                b.hasName = null;"), disk);
    }

    @Test
    void aUnionsBaseMembersShareOnePresenceNameClearOfEveryBranch() {
        String thing = file("Thing");
        // branch a's member 'has-id' (accessor hasId()) lives in ThingA, reached through data(), so it takes no name
        // from base member 'id', whose check is hasId() on the interface, both branches, Base and Unknown
        assertTrue(file("ThingA").contains("public String hasId() {"), "ThingA keeps its member's accessor");
        assertTrue(thing.contains("boolean hasId();"), "declared by the interface");
        assertEquals(4, count(thing, "public boolean hasId\\(\\)"), "branches a and b, Base, Unknown: " + thing);
        assertTrue(thing.contains("public ThingA data() {"), "branch a holds its ThingA");
        assertFalse(thing.contains("boolean hasKind();\n"), "the discriminator is always there: no check in the interface");
        assertTrue(thing.contains("return base.hasId();"), "Unknown asks its decoded base");
    }

    @Test
    void eventsWithoutDataRecordTheirRequiredMembersMissing() {
        String event = file("DiskGoneEvent");
        assertTrue(event.contains("b._missing = ctx.missingFromAbsentData(\"DISK_GONE\", \"disk\", b._missing);"), event);
        assertTrue(event.contains("public boolean hasDisk() {"), event);
    }
}
