package dev.qmpsdk.schema.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class QapiLiteralFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String format(String json) throws Exception {
        return QapiLiteralFormatter.format(JSON.readTree(json));
    }

    @Test
    void shortExpressionStaysOnOneLine() throws Exception {
        assertEquals("{ 'command': 'query-status', 'returns': 'StatusInfo' }",
                format("{\"command\": \"query-status\", \"returns\": \"StatusInfo\"}"));
    }

    @Test
    void longExpressionPutsEachTopLevelKeyOnItsOwnLine() throws Exception {
        assertEquals("""
                { 'struct': 'StatusInfo',
                  'data': {'running': 'bool', 'singlestep': 'bool', 'status': 'RunState'} }""",
                format("{\"struct\": \"StatusInfo\", \"data\": {\"running\": \"bool\", \"singlestep\": \"bool\","
                        + " \"status\": \"RunState\"}}"));
    }

    @Test
    void longDictBreaksOneEntryPerLineAligned() throws Exception {
        String text = format("{\"command\": \"blockdev-snapshot-delete-internal-sync\", \"data\": "
                + "{\"device\": \"str\", \"*id\": \"str\", \"*name\": \"str\", \"*other-long-name\": \"str\"},"
                + " \"returns\": \"SnapshotInfo\", \"boxed\": true}");

        assertEquals("""
                { 'command': 'blockdev-snapshot-delete-internal-sync',
                  'data': {'device': 'str',
                           '*id': 'str',
                           '*name': 'str',
                           '*other-long-name': 'str'},
                  'returns': 'SnapshotInfo',
                  'boxed': true }""", text);
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= QapiLiteralFormatter.WIDTH, line);
        }
    }

    @Test
    void longListFillsLinesAlignedAfterTheBracket() throws Exception {
        String text = format("{\"enum\": \"E\", \"data\": [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\","
                + " \"dddddddddd\", \"eeeeeeeeee\", \"ffffffffff\", \"gggggggggg\"]}");

        assertEquals("""
                { 'enum': 'E',
                  'data': ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc', 'dddddddddd', 'eeeeeeeeee',
                           'ffffffffff', 'gggggggggg'] }""", text);
    }

    @Test
    void quotesAndBackslashesAreEscaped() throws Exception {
        JsonNode node = JSON.readTree("{\"enum\": \"E\", \"data\": [\"it's\", \"a\\\\b\"]}");

        assertEquals("{ 'enum': 'E', 'data': ['it\\'s', 'a\\\\b'] }", QapiLiteralFormatter.format(node));
    }
}
