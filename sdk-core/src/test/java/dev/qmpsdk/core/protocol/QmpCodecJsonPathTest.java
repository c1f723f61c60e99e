package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import org.junit.jupiter.api.Test;

/**
 * Errors in a buffered {@code return} or event {@code data} name the path within the whole message: once,
 * and not wherever the message parser had moved on to (a TokenBuffer built from the message parser used to
 * inherit its parsing context, giving {@code /return/return/0} and {@code /data/timestamp}).
 */
class QmpCodecJsonPathTest {
    private static final QmpCodec STRICT = QmpCodec.of(QmpEvents.REGISTRY).withStrict(true);

    @Test
    void pathInsideAReturnValueIsRelativeToTheMessage() {
        QmpReply reply = (QmpReply) STRICT.decodeMessage(
                "{\"return\": {\"running\": true, \"singlestep\": false, \"status\": 7}, \"id\": 1}");
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_STATUS, reply));
        assertEquals("/return/status", x.jsonPath());
        assertEquals("reply to query-status at /return/status: expected a string, got the number 7", x.getMessage());
    }

    @Test
    void pathInsideAnArrayReturnValue() {
        QmpReply reply = (QmpReply) STRICT.decodeMessage("{\"return\": [{\"id\": \"a\", \"thread-id\": 1, \"bogus\": 2}]}");
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_IOTHREADS, reply));
        assertEquals("/return/0/bogus", x.jsonPath());
    }

    @Test
    void missingMemberOfEventDataIsReportedAtDataNotAtTheTimestampThatFollows() {
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(
                "{\"event\": \"SHUTDOWN\", \"data\": {}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}"));
        assertEquals("/data", x.jsonPath());
        assertEquals("event SHUTDOWN at /data: required member 'guest' of SHUTDOWN is missing (strict mode)", x.getMessage());
    }

    @Test
    void errorsInEventDataInQemusMemberOrderNameTheSamePath() {
        // QEMU writes timestamp, event, data: that layout is decoded by a fast path, which must report alike.
        QmpProtocolException missing = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"SHUTDOWN\", \"data\": {}}"));
        assertEquals("event SHUTDOWN at /data: required member 'guest' of SHUTDOWN is missing (strict mode)", missing.getMessage());
        QmpProtocolException unknown = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"extra\": {\"a\": 1}}}"));
        assertEquals("/data/extra", unknown.jsonPath());
        QmpProtocolException malformed = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(
                "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"SHUTDOWN\", \"data\": {\"guest\": tru}}"));
        assertTrue(malformed.getMessage().startsWith("QMP message: malformed JSON at line 1, column 89: Unrecognized token 'tru'"), malformed.getMessage());
    }

    @Test
    void unknownMemberOfEventData() {
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(
                "{\"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"extra\": {\"a\": 1}}, \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}"));
        assertEquals("/data/extra", x.jsonPath());
    }

    @Test
    void missingMemberNamesTheObjectThatLacksIt() {
        QmpReply reply = (QmpReply) STRICT.decodeMessage("{\"return\": [{\"id\": \"a\", \"thread-id\": 1, \"poll-max-ns\": 0,"
                + " \"poll-grow\": 0, \"poll-shrink\": 0}, {\"id\": \"b\", \"thread-id\": 2}]}");
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_IOTHREADS, reply));
        assertEquals("/return/1", x.jsonPath());
        assertEquals("reply to query-iothreads at /return/1: required member 'poll-max-ns' of IOThreadInfo is missing (strict mode)", x.getMessage());
    }

    @Test
    void missingMemberOfATopLevelReturnObject() {
        QmpReply reply = (QmpReply) STRICT.decodeMessage("{\"return\": {\"running\": true, \"status\": \"running\"}}");
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeResult(QmpCommands.QUERY_STATUS, reply));
        assertEquals("/return", x.jsonPath());
    }

    @Test
    void missingMemberOfANestedObject() {
        QmpProtocolException x = assertThrows(QmpProtocolException.class, () -> STRICT.decodeMessage(
                "{\"event\": \"VNC_CONNECTED\", \"data\": {\"server\": {\"host\": \"h\", \"service\": \"1\", \"family\": \"ipv4\","
                        + " \"websocket\": false}, \"client\": {\"host\": \"h\", \"service\": \"2\", \"family\": \"ipv4\"}},"
                        + " \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}"));
        assertEquals("event VNC_CONNECTED at /data/client: required member 'websocket' of VncBasicInfo is missing (strict mode)", x.getMessage());
    }
}
