package dev.qmpsdk.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpTimestamp;
import dev.qmpsdk.kafka.internal.OffsetTracker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The versioned records on the topics, and the offset bookkeeping, without a broker. */
class WireFormatTest {
    private static JsonNode json(String text) throws Exception {
        return QapiJson.TREE_MAPPER.readTree(text);
    }

    @Test
    void anEventRecordIsTheDocumentedJson() throws Exception {
        EventRecord record = new EventRecord("host-3", "vm-17", "SHUTDOWN", new QmpTimestamp(1733300000, 123456),
                json("{\"guest\": true, \"reason\": \"guest-shutdown\"}"));
        assertEquals(json("{\"v\":1,\"host\":\"host-3\",\"vm\":\"vm-17\",\"event\":\"SHUTDOWN\","
                + "\"timestamp\":{\"seconds\":1733300000,\"microseconds\":123456},\"data\":{\"guest\":true,\"reason\":\"guest-shutdown\"}}"),
                QapiJson.TREE_MAPPER.readTree(record.toJson()));
        assertEquals(record, EventRecord.fromJson(record.toJson(), "test"));
        assertEquals("host-3/vm-17", record.remoteVmId());
    }

    @Test
    void aNewerFormatVersionIsRefusedWithAdvice() {
        byte[] future = "{\"v\": 2, \"host\": \"h\", \"vm\": \"v\", \"event\": \"STOP\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}"
                .getBytes(StandardCharsets.UTF_8);
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> EventRecord.fromJson(future, "qmp.events@0:7"));
        assertTrue(e.getMessage().contains("qmp.events@0:7") && e.getMessage().contains("upgrade qmp-sdk-kafka"), e.getMessage());
        QmpProtocolException missing = assertThrows(QmpProtocolException.class,
                () -> EventRecord.fromJson("{\"v\": 1, \"host\": \"h\", \"timestamp\": {\"seconds\": 1, \"microseconds\": 2}}".getBytes(StandardCharsets.UTF_8), "x"));
        assertTrue(missing.getMessage().contains("lacks member 'vm'"), missing.getMessage());
    }

    @Test
    void everyReplyOutcomeRoundTrips() throws Exception {
        CommandRequest request = new CommandRequest("id-1", "controller-a", "host-3", "vm-17", "stop", null, Instant.ofEpochMilli(5000));
        assertEquals(request, CommandRequest.fromJson(request.toJson(), "test"));
        for (CommandReply reply : new CommandReply[] {
                CommandReply.returned(request, json("{\"status\": \"running\"}")),
                CommandReply.failed(request, "GenericError", "no"),
                CommandReply.notExecuted(request, QmpNotExecutedException.Reason.DEADLINE_PASSED, "late"),
                CommandReply.outcomeUnknown(request, "agent died")}) {
            assertEquals(reply, CommandReply.fromJson(reply.toJson(), "test"));
        }
        assertEquals("not-executed", json(new String(CommandReply.notExecuted(request, QmpNotExecutedException.Reason.UNKNOWN_VM, "x").toJson(),
                StandardCharsets.UTF_8)).path("outcome").asText());
    }

    @Test
    void remoteVmIdsNeedAHostAndAVm() {
        assertArrayEquals(new String[] {"host-3", "vm/17"}, RemoteVmId.split("host-3/vm/17"));
        assertThrows(IllegalArgumentException.class, () -> RemoteVmId.split("vm-17"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemoteVmId.split("host 3/vm"));
        assertTrue(e.getMessage().contains("host name 'host 3'"), e.getMessage());
    }

    @Test
    void offsetsAreCommittedOnlyBelowTheOldestRequestInProgress() {
        OffsetTracker tracker = new OffsetTracker();
        TopicPartition tp = new TopicPartition("requests", 0);
        tracker.begin(tp, 10);
        tracker.begin(tp, 11);
        tracker.begin(tp, 12);
        tracker.finish(tp, 11);
        tracker.finish(tp, 12);
        assertEquals(Map.of(tp, new OffsetAndMetadata(10)), tracker.committable(), "10 is still running: it must be read again after a crash");
        tracker.finish(tp, 10);
        assertEquals(Map.of(tp, new OffsetAndMetadata(13)), tracker.committable());
        assertEquals(Map.of(), tracker.committable(), "nothing moved");
    }
}
