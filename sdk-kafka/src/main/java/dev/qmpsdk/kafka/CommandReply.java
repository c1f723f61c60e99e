package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.codec.QapiJson;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link CommandRequest}, on the replies topic (keyed by the controller id): JSON, UTF-8, version
 * {@value #SCHEMA_VERSION}.
 *
 * <pre>{@code
 * {"v": 1, "id": "6f1c...", "replyTo": "controller-a", "host": "host-3", "vm": "vm-17",
 *  "outcome": "returned", "return": {"status": "running", "singlestep": false, "running": true}}
 * {"v": 1, ..., "outcome": "failed", "error": {"class": "GenericError", "desc": "..."}}
 * {"v": 1, ..., "outcome": "not-executed", "reason": "deadline-passed", "detail": "..."}
 * {"v": 1, ..., "outcome": "outcome-unknown", "detail": "..."}
 * }</pre>
 *
 * @param id the request id
 * @param replyTo the controller that asked
 * @param host the VM's host
 * @param vmId the VM's id on that host
 * @param outcome what happened
 * @param value QEMU's {@code return} for {@link Outcome#RETURNED}, else null
 * @param errorClass QEMU's error class for {@link Outcome#FAILED}, else null
 * @param detail QEMU's error description, or why the command was not executed or its outcome is unknown
 * @param reason why it was not executed, for {@link Outcome#NOT_EXECUTED}
 */
public record CommandReply(String id, String replyTo, String host, String vmId, Outcome outcome, @Nullable JsonNode value,
                           @Nullable String errorClass, @Nullable String detail, QmpNotExecutedException.@Nullable Reason reason) {
    /** The record format version this SDK writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    /** What happened to a request. */
    public enum Outcome {
        /** QEMU executed it and returned a value ({@code {}} for commands without one). */
        RETURNED,
        /** QEMU executed it and answered an error. */
        FAILED,
        /** The agent did not send it to QEMU. */
        NOT_EXECUTED,
        /** It was sent to QEMU but its answer was lost (the connection ended, or an earlier agent run stopped). */
        OUTCOME_UNKNOWN;

        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Outcome ofWire(String wire, String where) {
            for (Outcome o : values()) {
                if (o.wire().equals(wire)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("command reply at " + where + " has an unknown outcome '" + wire + "'");
        }
    }

    public CommandReply {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(outcome, "outcome");
    }

    static CommandReply returned(CommandRequest r, JsonNode value) {
        return new CommandReply(r.id(), r.replyTo(), r.host(), r.vmId(), Outcome.RETURNED, value, null, null, null);
    }

    static CommandReply failed(CommandRequest r, String errorClass, String description) {
        return new CommandReply(r.id(), r.replyTo(), r.host(), r.vmId(), Outcome.FAILED, null, errorClass, description, null);
    }

    static CommandReply notExecuted(CommandRequest r, QmpNotExecutedException.Reason reason, String detail) {
        return new CommandReply(r.id(), r.replyTo(), r.host(), r.vmId(), Outcome.NOT_EXECUTED, null, null, detail, reason);
    }

    static CommandReply outcomeUnknown(CommandRequest r, String detail) {
        return new CommandReply(r.id(), r.replyTo(), r.host(), r.vmId(), Outcome.OUTCOME_UNKNOWN, null, null, detail, null);
    }

    public byte[] toJson() {
        ObjectNode o = QapiJson.TREE_MAPPER.createObjectNode();
        o.put("v", SCHEMA_VERSION);
        o.put("id", id);
        o.put("replyTo", replyTo);
        o.put("host", host);
        o.put("vm", vmId);
        o.put("outcome", outcome.wire());
        switch (outcome) {
            case RETURNED -> o.set("return", value == null ? QapiJson.TREE_MAPPER.createObjectNode() : value);
            case FAILED -> {
                ObjectNode error = o.putObject("error");
                error.put("class", Objects.requireNonNull(errorClass, "errorClass"));
                error.put("desc", detail == null ? "" : detail);
            }
            case NOT_EXECUTED -> {
                o.put("reason", Objects.requireNonNull(reason, "reason").wire());
                o.put("detail", detail);
            }
            case OUTCOME_UNKNOWN -> o.put("detail", detail);
        }
        return WireJson.bytes(o);
    }

    public static CommandReply fromJson(byte[] json, String where) {
        String what = "command reply";
        JsonNode o = WireJson.object(json, what, where);
        WireJson.checkVersion(o, SCHEMA_VERSION, what, where);
        String id = WireJson.text(o, "id", what, where);
        String replyTo = WireJson.text(o, "replyTo", what, where);
        String host = WireJson.text(o, "host", what, where);
        String vm = WireJson.text(o, "vm", what, where);
        Outcome outcome = Outcome.ofWire(WireJson.text(o, "outcome", what, where), where);
        return switch (outcome) {
            case RETURNED -> new CommandReply(id, replyTo, host, vm, outcome, WireJson.required(o, "return", what, where), null, null, null);
            case FAILED -> {
                JsonNode error = WireJson.required(o, "error", what, where);
                yield new CommandReply(id, replyTo, host, vm, outcome, null, WireJson.text(error, "class", what, where),
                        WireJson.text(error, "desc", what, where), null);
            }
            case NOT_EXECUTED -> new CommandReply(id, replyTo, host, vm, outcome, null, null, o.path("detail").asText(""),
                    QmpNotExecutedException.Reason.ofWire(WireJson.text(o, "reason", what, where), where));
            case OUTCOME_UNKNOWN -> new CommandReply(id, replyTo, host, vm, outcome, null, null, o.path("detail").asText(""), null);
        };
    }
}
