package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.codec.QapiJson;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A command for one VM, on its host's request topic (keyed by {@code host/vm}): JSON, UTF-8, version
 * {@value #SCHEMA_VERSION}.
 *
 * <pre>{@code
 * {"v": 1, "id": "6f1c...", "replyTo": "controller-a", "host": "host-3", "vm": "vm-17",
 *  "command": "query-status", "arguments": {...}, "deadline": 1733300030000}
 * }</pre>
 *
 * <p>{@code id} is unique per request: an agent executes each id at most once. {@code deadline} is epoch
 * milliseconds: an agent never starts a request whose deadline has passed (it answers "not executed" instead), so
 * the hosts' clocks must be synchronised (NTP) to well within the deadlines used. {@code arguments} is the QMP
 * {@code arguments} object, absent for none.
 *
 * @param id the request id
 * @param replyTo the controller that waits for the reply
 * @param host the VM's host
 * @param vmId the VM's id on that host
 * @param command the QMP command's wire name
 * @param arguments its arguments, or null for none
 * @param deadline when the request expires
 */
public record CommandRequest(String id, String replyTo, String host, String vmId, String command, @Nullable JsonNode arguments,
                             Instant deadline) {
    /** The record format version this SDK writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    public CommandRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(deadline, "deadline");
    }

    public byte[] toJson() {
        ObjectNode o = QapiJson.TREE_MAPPER.createObjectNode();
        o.put("v", SCHEMA_VERSION);
        o.put("id", id);
        o.put("replyTo", replyTo);
        o.put("host", host);
        o.put("vm", vmId);
        o.put("command", command);
        if (arguments != null) {
            o.set("arguments", arguments);
        }
        o.put("deadline", deadline.toEpochMilli());
        return WireJson.bytes(o);
    }

    public static CommandRequest fromJson(byte[] json, String where) {
        String what = "command request";
        JsonNode o = WireJson.object(json, what, where);
        WireJson.checkVersion(o, SCHEMA_VERSION, what, where);
        return new CommandRequest(WireJson.text(o, "id", what, where), WireJson.text(o, "replyTo", what, where),
                WireJson.text(o, "host", what, where), WireJson.text(o, "vm", what, where), WireJson.text(o, "command", what, where),
                o.get("arguments"), Instant.ofEpochMilli(WireJson.required(o, "deadline", what, where).asLong()));
    }
}
