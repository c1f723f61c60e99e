package dev.qmpsdk.schema.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The naming rule on every hazard the 2.11.2 schema has (seeds README, "Naming hazards"). */
class JavaNamesTest {
    @Test
    void splitsWordsAtSeparatorsAndCaseHumps() {
        assertEquals(List.of("KVM", "Missing", "Cap"), JavaNames.words("KVMMissingCap"));
        assertEquals(List.of("x86", "64"), JavaNames.words("x86_64"));
        assertEquals(List.of("node", "name"), JavaNames.words("node-name"));
        assertEquals(List.of("Cpu", "Info", "MIPS"), JavaNames.words("CpuInfoMIPS"));
    }

    @Test
    void typeNamesAreUpperCamelAndKeepTheirOwnCasingWithoutSeparators() {
        assertEquals("QueryStatus", JavaNames.typeName("query-status"));
        assertEquals("DeviceAdd", JavaNames.typeName("device_add"));
        assertEquals("CpuInfoMIPS", JavaNames.typeName("CpuInfoMIPS"));
        assertEquals("X86CPURegister32", JavaNames.typeName("X86CPURegister32"));
        assertEquals("XDebugBlockDirtyBitmapSha256", JavaNames.typeName("x-debug-block-dirty-bitmap-sha256"));
    }

    @Test
    void typesNamedLikeJavaLangClassesArePrefixed() {
        assertEquals("QapiString", JavaNames.typeName("String"));
        assertEquals("QapiObject", JavaNames.typeName("Object"));
    }

    @Test
    void memberNamesAreLowerCamelWithAllCapsFirstWordsLowered() {
        assertEquals("nodeName", JavaNames.memberName("node-name"));
        assertEquals("backingFile", JavaNames.memberName("backing_file"));
        assertEquals("cpu", JavaNames.memberName("CPU"));
        assertEquals("pc", JavaNames.memberName("PC"));
        assertEquals("uuid", JavaNames.memberName("UUID"));
        assertEquals("xRemote", JavaNames.memberName("x-remote"));
    }

    @Test
    void keywordsObjectMethodsAndFrameworkNamesGetASuffix() {
        for (String k : List.of("default", "case", "package", "class", "abstract", "implements", "static", "native",
                "null", "enum", "int", "boolean", "record", "wait", "hashCode", "builder", "timestamp")) {
            assertEquals(k + "_", JavaNames.memberName(k), k);
        }
    }

    @Test
    void leadingDigitsGetAPrefix() {
        assertEquals("_3DES", JavaNames.constantName("3des"));
        assertEquals("_0", JavaNames.constantName("0"));
        assertEquals("_144", JavaNames.constantName("144"));
        assertEquals("_2g", JavaNames.memberName("2g"));
    }

    @Test
    void constantsAreUpperSnake() {
        assertEquals("HOST_QMP_QUIT", JavaNames.constantName("host-qmp-quit"));
        assertEquals("GENERIC_ERROR", JavaNames.constantName("GenericError"));
        assertEquals("KVM_MISSING_CAP", JavaNames.constantName("KVMMissingCap"));
        assertEquals("QUERY_STATUS", JavaNames.constantName("query-status"));
        assertEquals("STOP", JavaNames.constantName("STOP"));
    }

    @Test
    void packageSegmentsComeFromModuleFileNames() {
        assertEquals("blockcore", JavaNames.packageSegment("block-core.json"));
        assertEquals("runstate", JavaNames.packageSegment("qapi/run-state.json"));
        assertEquals("char_", JavaNames.packageSegment("char.json"));
    }

    @Test
    void clashesAreResolvedInOrderAndTypeNamesIgnoreCase() {
        NameScope types = new NameScope(true);
        assertEquals("StopEvent", types.claim("StopEvent"));
        assertEquals("STOPEvent2", types.claim("STOPEvent"));
        NameScope members = new NameScope(false);
        assertEquals("fooBar", members.claim(JavaNames.memberName("foo-bar")));
        assertEquals("fooBar2", members.claim(JavaNames.memberName("foo_bar")));
    }
}
