package dev.qmpsdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.protocol.QmpEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FakeQmpServer} does when a scripted command arrives: answer (a {@code return} or an
 * {@code error}), answer late, never answer, send raw bytes instead, or drop the connection, optionally
 * after part of a reply. Immutable; every {@code withX}/{@code precededBy}/{@code after} returns a copy.
 * (A plain {@code <pre>}: a reply cut short has unbalanced braces, which {@code {@code}} cannot hold.)
 *
 * <pre>
 * server.on("query-status", Reply.ok("{\"status\": \"running\", \"running\": true, \"singlestep\": false}"));
 * server.on("stop", Reply.ok().precededBy("STOP"));                 // like QEMU: the event comes first
 * server.on("query-kvm", Reply.error("GenericError", "KVM is not available"));
 * server.on("query-block", Reply.ok("[]").after(Duration.ofSeconds(2)));
 * server.on("query-cpus", Reply.never());                             // the client's timeout must fire
 * server.on("query-name", Reply.ok("{}").withId(new IntNode(999)));   // a reply for an unknown id
 * server.on("query-pci", Reply.closeAfter("{\"return\": [{\"bus\""));  // disconnect mid-reply
 * server.on("quit", Reply.ok().precededBy("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}").thenClose());
 * </pre>
 *
 * <p>Replies echo the request's {@code id} verbatim (any JSON value) unless {@link #withId} or
 * {@link #withoutId} says otherwise.
 */
public final class Reply {
    enum Kind { RETURN, ERROR, NEVER, RAW, CLOSE }

    enum IdMode { ECHO, FIXED, NONE }

    private final Kind kind;
    private final @Nullable JsonNode value;
    private final @Nullable String errorClass;
    private final @Nullable String errorDescription;
    private final byte[] raw;
    private final Duration delay;
    private final IdMode idMode;
    private final @Nullable JsonNode fixedId;
    private final List<EventTemplate> eventsBefore;
    private final boolean closeAfterwards;

    private Reply(Kind kind, @Nullable JsonNode value, @Nullable String errorClass, @Nullable String errorDescription, byte[] raw,
            Duration delay, IdMode idMode, @Nullable JsonNode fixedId, List<EventTemplate> eventsBefore, boolean closeAfterwards) {
        this.kind = kind;
        this.value = value;
        this.errorClass = errorClass;
        this.errorDescription = errorDescription;
        this.raw = raw;
        this.delay = delay;
        this.idMode = idMode;
        this.fixedId = fixedId;
        this.eventsBefore = List.copyOf(eventsBefore);
        this.closeAfterwards = closeAfterwards;
    }

    private static Reply of(Kind kind, @Nullable JsonNode value, @Nullable String errorClass, @Nullable String desc, byte[] raw) {
        return new Reply(kind, value, errorClass, desc, raw, Duration.ZERO, IdMode.ECHO, null, List.of(), false);
    }

    // ------------------------------------------------------------------ factories

    /** {@code {"return": {}}}, what most commands without a result answer. */
    public static Reply ok() {
        return ok(JsonNodeFactory.instance.objectNode());
    }

    /** {@code {"return": VALUE}} with the value written as JSON ({@code "[]"}, {@code "{\"status\": ...}"}). */
    public static Reply ok(String returnJson) {
        return ok(Json.parse(returnJson, "return value"));
    }

    /** {@code {"return": VALUE}}. */
    public static Reply ok(JsonNode returnValue) {
        return of(Kind.RETURN, Objects.requireNonNull(returnValue, "returnValue"), null, null, new byte[0]);
    }

    /** {@code {"error": {"class": CLASS, "desc": DESCRIPTION}}}. */
    public static Reply error(String errorClass, String description) {
        return of(Kind.ERROR, null, Objects.requireNonNull(errorClass, "errorClass"), Objects.requireNonNull(description, "description"),
                new byte[0]);
    }

    /** No reply at all; the connection stays open (scripted events are still sent). */
    public static Reply never() {
        return of(Kind.NEVER, null, null, null, new byte[0]);
    }

    /** These bytes exactly instead of a reply (nothing appended): garbage, a half frame, two replies in one. */
    public static Reply raw(byte[] bytes) {
        return of(Kind.RAW, null, null, null, bytes.clone());
    }

    /** This text (UTF-8) exactly instead of a reply. */
    public static Reply raw(String text) {
        return raw(Json.utf8(text));
    }

    /** Closes the connection instead of replying. */
    public static Reply closeConnection() {
        return closeAfter(new byte[0]);
    }

    /** Writes these bytes (typically the start of a reply) and closes the connection: a disconnect mid-reply. */
    public static Reply closeAfter(byte[] partial) {
        return of(Kind.CLOSE, null, null, null, partial.clone());
    }

    /** Writes this text (UTF-8) and closes the connection. */
    public static Reply closeAfter(String partial) {
        return closeAfter(Json.utf8(partial));
    }

    /** The reply, sent after a delay (on another thread: later requests are answered meanwhile). */
    public static Reply delayed(Duration delay, Reply reply) {
        return reply.after(delay);
    }

    // ------------------------------------------------------------------ copies

    /** A copy sent after this delay; later requests on the connection are answered meanwhile. */
    public Reply after(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return new Reply(kind, value, errorClass, errorDescription, raw, delay, idMode, fixedId, eventsBefore, closeAfterwards);
    }

    /** A copy that carries this id instead of the request's (e.g. an id the client never sent). */
    public Reply withId(JsonNode id) {
        return new Reply(kind, value, errorClass, errorDescription, raw, delay, IdMode.FIXED, Objects.requireNonNull(id, "id"),
                eventsBefore, closeAfterwards);
    }

    /** A copy without any id (as QEMU answers a request that had none). */
    public Reply withoutId() {
        return new Reply(kind, value, errorClass, errorDescription, raw, delay, IdMode.NONE, null, eventsBefore, closeAfterwards);
    }

    /** A copy preceded by an event without data, stamped when sent ({@code STOP} before {@code stop}'s return). */
    public Reply precededBy(String eventName) {
        return precededBy(EventTemplate.of(eventName, null));
    }

    /** A copy preceded by an event with this data (JSON object text), stamped when sent. */
    public Reply precededBy(String eventName, String dataJson) {
        return precededBy(EventTemplate.of(eventName, dataJson));
    }

    /** A copy preceded by this event, sent as it is. */
    public Reply precededBy(QmpEvent event) {
        return precededBy(EventTemplate.of(event));
    }

    private Reply precededBy(EventTemplate event) {
        List<EventTemplate> events = new ArrayList<>(eventsBefore);
        events.add(event);
        return new Reply(kind, value, errorClass, errorDescription, raw, delay, idMode, fixedId, events, closeAfterwards);
    }

    /** A copy after which the connection is closed (like QEMU after {@code quit}'s return). */
    public Reply thenClose() {
        return new Reply(kind, value, errorClass, errorDescription, raw, delay, idMode, fixedId, eventsBefore, true);
    }

    // ------------------------------------------------------------------ used by the server

    Kind kind() {
        return kind;
    }

    Duration delay() {
        return delay;
    }

    List<EventTemplate> eventsBefore() {
        return eventsBefore;
    }

    boolean closesConnection() {
        return kind == Kind.CLOSE || closeAfterwards;
    }

    /** True when this reply completes {@code qmp_capabilities}. */
    boolean isSuccess() {
        return kind == Kind.RETURN;
    }

    /** The bytes written for the reply itself (without the events before it), or none. */
    byte[] encode(@Nullable JsonNode requestId) {
        boolean withId = idMode != IdMode.NONE;
        JsonNode id = idMode == IdMode.FIXED ? fixedId : requestId;
        return switch (kind) {
            case RETURN -> Json.returnReply(Objects.requireNonNull(value), withId, id);
            case ERROR -> Json.errorReply(Objects.requireNonNull(errorClass), Objects.requireNonNull(errorDescription), withId, id);
            case RAW, CLOSE -> raw;
            case NEVER -> new byte[0];
        };
    }

    /** True when {@link #encode} is a QMP message that gets QEMU's {@code \r\n}. */
    boolean isMessage() {
        return kind == Kind.RETURN || kind == Kind.ERROR;
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case RETURN -> "ok(" + value + ")";
            case ERROR -> "error(" + errorClass + ", " + errorDescription + ")";
            case NEVER -> "never()";
            case RAW -> "raw(" + raw.length + " bytes)";
            case CLOSE -> "closeAfter(" + raw.length + " bytes)";
        };
        StringBuilder sb = new StringBuilder("Reply.").append(what);
        if (!delay.isZero()) {
            sb.append(".after(").append(delay).append(')');
        }
        if (idMode == IdMode.FIXED) {
            sb.append(".withId(").append(fixedId).append(')');
        } else if (idMode == IdMode.NONE) {
            sb.append(".withoutId()");
        }
        for (EventTemplate e : eventsBefore) {
            sb.append(".precededBy(").append(e.name()).append(')');
        }
        if (closeAfterwards) {
            sb.append(".thenClose()");
        }
        return sb.toString();
    }
}
