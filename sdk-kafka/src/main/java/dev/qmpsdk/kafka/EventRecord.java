package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.QmpTimestamp;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One VM event as it travels on the events topic (value of a record keyed by {@code host/vm}): JSON, UTF-8,
 * version {@value #SCHEMA_VERSION}.
 *
 * <pre>{@code
 * {"v": 1, "host": "host-3", "vm": "vm-17", "event": "SHUTDOWN",
 *  "timestamp": {"seconds": 1733300000, "microseconds": 123456},
 *  "data": {"guest": true, "reason": "guest-shutdown"}}
 * }</pre>
 *
 * <p>{@code timestamp} is QEMU's, exactly as sent; {@code data} is QEMU's {@code data} member exactly as sent (the
 * agent decodes no event, so members newer than the SDK's schema survive), absent when QEMU sent none. A reader
 * rejects a record whose {@code v} is newer than it knows; new members may be added within a version, so readers
 * ignore members they do not know.
 *
 * @param host the agent's host name
 * @param vmId the VM's id on that host
 * @param event the event's wire name
 * @param timestamp QEMU's timestamp
 * @param data QEMU's data, or null when there was none
 */
public record EventRecord(String host, String vmId, String event, QmpTimestamp timestamp, @Nullable JsonNode data) {
    /** The record format version this SDK writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    public EventRecord {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The VM's id across the fleet, {@code host/vm}: the record's key. */
    public String remoteVmId() {
        return RemoteVmId.of(host, vmId);
    }

    /** The record's value. */
    public byte[] toJson() {
        ObjectNode o = QapiJson.TREE_MAPPER.createObjectNode();
        o.put("v", SCHEMA_VERSION);
        o.put("host", host);
        o.put("vm", vmId);
        o.put("event", event);
        ObjectNode ts = o.putObject("timestamp");
        ts.put("seconds", timestamp.seconds());
        ts.put("microseconds", timestamp.microseconds());
        if (data != null) {
            o.set("data", data);
        }
        return WireJson.bytes(o);
    }

    /** Reads a record's value; fails naming what is wrong (and {@code where}, e.g. topic and offset). */
    public static EventRecord fromJson(byte[] json, String where) {
        JsonNode o = WireJson.object(json, "event record", where);
        WireJson.checkVersion(o, SCHEMA_VERSION, "event record", where);
        JsonNode ts = WireJson.required(o, "timestamp", "event record", where);
        return new EventRecord(WireJson.text(o, "host", "event record", where), WireJson.text(o, "vm", "event record", where),
                WireJson.text(o, "event", "event record", where),
                new QmpTimestamp(WireJson.required(ts, "seconds", "event record", where).asLong(),
                        WireJson.required(ts, "microseconds", "event record", where).asLong()),
                o.get("data"));
    }

    /** The event as QEMU sent it on the monitor ({@code {"event": ..., "data": ..., "timestamp": ...}}). */
    public byte[] toQmpFrame() {
        ObjectNode o = QapiJson.TREE_MAPPER.createObjectNode();
        o.put("event", event);
        if (data != null) {
            o.set("data", data);
        }
        ObjectNode ts = o.putObject("timestamp");
        ts.put("seconds", timestamp.seconds());
        ts.put("microseconds", timestamp.microseconds());
        return WireJson.bytes(o);
    }

    @Override
    public String toString() {
        return "EventRecord{" + remoteVmId() + " " + event + (data == null ? "" : " " + data) + "}";
    }
}
