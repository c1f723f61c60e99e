package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.DecodeContext;
import dev.qmpsdk.core.codec.IntKind;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes whole QMP messages. Thread-safe and cheap to share; one per schema and mode.
 *
 * <pre>{@code
 * QmpCodec codec = QmpCodec.of(QmpEvents.REGISTRY);
 * byte[] out = codec.encodeRequest(QmpCommands.QUERY_STATUS, null, 1);
 * QmpMessage in = codec.decodeMessage(bytesFromServer);
 * if (in instanceof QmpReply reply) {
 *     StatusInfo status = codec.decodeResult(QmpCommands.QUERY_STATUS, reply);
 * }
 * }</pre>
 */
public final class QmpCodec {
    private static final JsonFactory FACTORY = QapiJson.TREE_MAPPER.getFactory();

    private final EventRegistry events;
    private final boolean strict;
    private final QemuEventLayout qemuEvents;

    private QmpCodec(EventRegistry events, boolean strict) {
        this.events = Objects.requireNonNull(events, "events");
        this.strict = strict;
        this.qemuEvents = new QemuEventLayout(events, strict, FACTORY);
    }

    /** A tolerant codec that decodes the registry's events into their generated types. */
    public static QmpCodec of(EventRegistry events) {
        return new QmpCodec(events, false);
    }

    /**
     * A copy that is strict (rejects unknown members, enum values, union branches and events) or tolerant
     * (keeps them; the default, right for talking to servers newer than the compiled schema).
     */
    public QmpCodec withStrict(boolean value) {
        return new QmpCodec(events, value);
    }

    public boolean isStrict() {
        return strict;
    }

    public EventRegistry events() {
        return events;
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes one complete message (one JSON value). */
    public QmpMessage decodeMessage(byte[] frame) {
        return decodeMessage(frame, 0, frame.length);
    }

    public QmpMessage decodeMessage(String frame) {
        return decodeMessage(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes one complete message from part of an array. */
    public QmpMessage decodeMessage(byte[] buffer, int offset, int length) {
        QmpEvent fast = decodeQemuLayoutEvent(buffer, offset, length);
        if (fast != null) {
            return fast;
        }
        DecodeContext ctx = DecodeContext.of(strict, "QMP message");
        try (JsonParser p = FACTORY.createParser(buffer, offset, length)) {
            return readMessage(p, ctx);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private @Nullable QmpEvent decodeQemuLayoutEvent(byte[] buffer, int offset, int length) {
        try {
            return qemuEvents.tryDecode(buffer, offset, length);
        } catch (JsonProcessingException e) {
            return null; // malformed: the general decoder reports it with its position in the whole message
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private QmpMessage readMessage(JsonParser p, DecodeContext ctx) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw ctx.error(p, "a QMP message must be a JSON object, got " + QapiJson.describe(p));
        }
        MessageParts m = new MessageParts();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            switch (member) {
                case "QMP" -> m.greeting = QapiJson.readObjectTree(p, ctx, "greeting");
                case "return" -> m.returnValue = buffer(p);
                case "error" -> readError(p, ctx, m);
                case "id" -> m.id = QapiJson.readAny(p, ctx);
                case "event" -> m.event = QapiJson.readStr(p, ctx);
                case "data" -> readData(p, ctx, m);
                case "timestamp" -> m.timestamp = readTimestamp(p, ctx);
                case "execute", "exec-oob" -> {
                    m.execute = QapiJson.readStr(p, ctx);
                    m.oob = member.equals("exec-oob");
                }
                case "arguments" -> m.arguments = QapiJson.readObjectTree(p, ctx, "arguments");
                default -> ctx.unknownMember(p, "a QMP message", member);
            }
        }
        if (p.nextToken() != null) {
            throw ctx.error(p, "unexpected data after the end of the message: " + QapiJson.describe(p));
        }
        return m.toMessage(ctx);
    }

    /**
     * QEMU writes {@code timestamp} and {@code event} before {@code data}: then the data is decoded straight
     * into the event's type. In any other order it is buffered and decoded when the message is complete.
     */
    private void readData(JsonParser p, DecodeContext ctx, MessageParts m) throws IOException {
        EventRegistry.EventReader reader = m.event == null || m.timestamp == null ? null : events.reader(m.event);
        if (reader == null) {
            m.data = buffer(p);
            return;
        }
        m.decodedEvent = reader.read(p, ctx.withSubject("event " + m.event), m.timestamp);
    }

    private final class MessageParts {
        @Nullable ObjectNode greeting;
        @Nullable TokenBuffer returnValue;
        @Nullable String errorClass;
        @Nullable String errorDesc;
        @Nullable JsonNode id;
        @Nullable String event;
        @Nullable TokenBuffer data;
        @Nullable QmpEvent decodedEvent;
        @Nullable QmpTimestamp timestamp;
        @Nullable String execute;
        boolean oob;
        @Nullable ObjectNode arguments;

        QmpMessage toMessage(DecodeContext ctx) throws IOException {
            if (greeting != null) {
                return greeting(greeting, ctx);
            }
            if (errorClass != null) {
                return QmpReply.error(id, errorClass, errorDesc == null ? "" : errorDesc);
            }
            if (returnValue != null) {
                return QmpReply.success(id, returnValue);
            }
            if (decodedEvent != null) {
                return decodedEvent;
            }
            if (event != null) {
                return event(event, data, timestamp, ctx);
            }
            if (execute != null) {
                return new QmpRequest(execute, arguments, id, oob);
            }
            throw ctx.errorAt("", "not a QMP message: it has none of the members QMP, return, error, event, execute, exec-oob");
        }
    }

    private static TokenBuffer buffer(JsonParser p) throws IOException {
        // Not new TokenBuffer(p): that shares p's (mutable) parsing context as the buffer's parent context, so
        // JSON paths reported while decoding the buffered value would carry the message's path ('/return')
        // twice, plus wherever p has moved on to since (e.g. '/data/timestamp'). The buffered value is read
        // below its own pointer ('/return', '/data'), so it must start at a root context of its own.
        TokenBuffer tb = new TokenBuffer(QapiJson.TREE_MAPPER, false);
        tb.copyCurrentStructure(p);
        return tb;
    }

    private static void readError(JsonParser p, DecodeContext ctx, MessageParts m) throws IOException {
        QapiJson.expectObject(p, ctx, "error");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            switch (member) {
                case "class" -> m.errorClass = QapiJson.readStr(p, ctx);
                case "desc" -> m.errorDesc = QapiJson.readStr(p, ctx);
                default -> p.skipChildren(); // 'data' of old QEMU versions, and anything newer
            }
        }
        if (m.errorClass == null) {
            throw ctx.missingMember(p, "error", "class");
        }
    }

    private static QmpTimestamp readTimestamp(JsonParser p, DecodeContext ctx) throws IOException {
        QapiJson.expectObject(p, ctx, "timestamp");
        Long seconds = null;
        Long micros = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            switch (member) {
                case "seconds" -> seconds = QapiJson.readInt(p, ctx, IntKind.INT64);
                case "microseconds" -> micros = QapiJson.readInt(p, ctx, IntKind.INT64);
                default -> ctx.unknownMember(p, "timestamp", member);
            }
        }
        if (seconds == null) {
            throw ctx.missingMember(p, "timestamp", "seconds");
        }
        if (micros == null) {
            throw ctx.missingMember(p, "timestamp", "microseconds");
        }
        return new QmpTimestamp(seconds, micros);
    }

    private static QmpGreeting greeting(ObjectNode qmp, DecodeContext ctx) {
        JsonNode qemu = qmp.path("version").path("qemu");
        if (!qemu.path("major").isIntegralNumber() || !qemu.path("minor").isIntegralNumber()) {
            throw ctx.errorAt("/QMP/version/qemu", "greeting without a QEMU version (major, minor, micro)");
        }
        List<String> caps = new ArrayList<>();
        for (JsonNode c : qmp.path("capabilities")) {
            caps.add(c.asText());
        }
        return new QmpGreeting(qemu.path("major").asInt(), qemu.path("minor").asInt(), qemu.path("micro").asInt(),
                qmp.path("version").path("package").asText(""), caps);
    }

    private QmpEvent event(String name, @Nullable TokenBuffer data, @Nullable QmpTimestamp timestamp, DecodeContext ctx) throws IOException {
        DecodeContext eventCtx = ctx.withSubject("event " + name);
        if (timestamp == null) {
            if (strict) {
                throw eventCtx.errorAt("", "event without a timestamp (strict mode)");
            }
            timestamp = new QmpTimestamp(-1, -1);
        }
        EventRegistry.EventReader reader = events.reader(name);
        if (reader == null) {
            if (strict) {
                throw eventCtx.errorAt("/event", "event '" + name + "' is not part of the compiled schema (strict mode)");
            }
            return new RawEvent(name, data == null ? null : QapiJson.TREE_MAPPER.readTree(data.asParser(QapiJson.TREE_MAPPER)), timestamp);
        }
        if (data == null) {
            return reader.read(null, eventCtx.below("/data"), timestamp);
        }
        try (JsonParser dp = data.asParser(QapiJson.TREE_MAPPER)) {
            dp.nextToken();
            return reader.read(dp, eventCtx.below("/data"), timestamp);
        }
    }

    /**
     * Reads a successful reply's {@code return} as the command's type, or throws the server's error.
     *
     * @throws QmpCommandException when the reply is an error
     * @throws QmpProtocolException when the value does not fit the command's return type
     */
    public <R> @Nullable R decodeResult(CommandDescriptor<?, R> command, QmpReply reply) {
        if (reply.isError()) {
            throw new QmpCommandException(command.name(), reply.id(), Objects.requireNonNull(reply.errorClass()),
                    Objects.requireNonNull(reply.errorDescription()));
        }
        DecodeContext ctx = DecodeContext.of(strict, "reply to " + command.name()).below("/return");
        try (JsonParser p = reply.returnParser()) {
            return command.readResult(p, ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a whole reply frame straight into the command's return type, in one pass: no buffering of
     * {@code return} (clients find which command a frame answers with {@link ReplyIds#find} first).
     *
     * <pre>{@code
     * long id = ReplyIds.find(frame);               // route by id without parsing
     * StatusInfo s = codec.decodeResult(QmpCommands.QUERY_STATUS, frame);
     * }</pre>
     *
     * @throws QmpCommandException when the reply is an error
     * @throws QmpProtocolException when the frame is not JSON, not a reply, or its value does not fit the type
     */
    public <R> @Nullable R decodeResult(CommandDescriptor<?, R> command, byte[] frame) {
        return decodeReply(command.name(), command.replyContext(strict), frame, command::readResult);
    }

    /** Like {@link #decodeResult(CommandDescriptor, byte[])}, for commands outside the schema: the value as a tree. */
    public @Nullable JsonNode decodeRawResult(String command, byte[] frame) {
        return decodeReply(command, DecodeContext.of(strict, "reply to " + command), frame, QapiJson::readAny);
    }

    @FunctionalInterface
    private interface ResultReader<R> {
        @Nullable R read(JsonParser p, DecodeContext ctx) throws IOException;
    }

    private <R> @Nullable R decodeReply(String command, DecodeContext ctx, byte[] frame, ResultReader<R> reader) {
        try (JsonParser p = FACTORY.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ctx.error(p, "a QMP message must be a JSON object, got " + QapiJson.describe(p));
            }
            boolean hasReturn = false;
            R value = null;
            MessageParts error = null;
            JsonNode id = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String member = p.currentName();
                p.nextToken();
                switch (member) {
                    case "return" -> {
                        // The parser is inside the message: JSON paths come out as /return/... by themselves.
                        // Unions may look ahead in the frame for a discriminator sent after other members.
                        value = reader.read(p, ctx.readingBytes(p, frame, 0, frame.length));
                        hasReturn = true;
                    }
                    case "error" -> {
                        error = new MessageParts();
                        readError(p, ctx, error);
                    }
                    case "id" -> id = QapiJson.readAny(p, ctx);
                    case "QMP", "event", "execute", "exec-oob" ->
                            throw ctx.error(p, "expected a reply (return or error), got a message with '" + member + "'");
                    default -> ctx.unknownMember(p, "a QMP reply", member);
                }
            }
            if (p.nextToken() != null) {
                throw ctx.error(p, "unexpected data after the end of the message: " + QapiJson.describe(p));
            }
            if (error != null) {
                throw new QmpCommandException(command, id, Objects.requireNonNull(error.errorClass),
                        error.errorDesc == null ? "" : error.errorDesc);
            }
            if (!hasReturn) {
                throw ctx.errorAt("", "not a QMP reply: it has neither 'return' nor 'error'");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a request's {@code arguments} as the command's argument type (null for commands without). */
    public <A> @Nullable A decodeArguments(CommandDescriptor<A, ?> command, QmpRequest request) {
        JsonNode args = request.arguments() == null ? JsonNodeFactory.instance.objectNode() : request.arguments();
        DecodeContext ctx = DecodeContext.of(strict, "arguments of " + command.name()).below("/arguments");
        try (JsonParser p = QapiJson.TREE_MAPPER.treeAsTokens(args)) {
            p.nextToken();
            return command.readArguments(p, ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes {@code {"execute": name, "arguments": ..., "id": id}} (or {@code exec-oob}). */
    public <A> byte[] encodeRequest(CommandDescriptor<A, ?> command, @Nullable A arguments, long id) {
        return encodeRequest(command, arguments, id, false);
    }

    /** Encodes a request with the numeric id clients use. */
    public <A> byte[] encodeRequest(CommandDescriptor<A, ?> command, @Nullable A arguments, long id, boolean oob) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try {
            writeRequest(out, command, arguments, id, oob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a request with a numeric id to a stream (transports pass one over their own buffer, saving a
     * copy). A request without arguments is a per-command prefix, the id and a brace: no generator at all.
     */
    public <A> void writeRequest(OutputStream out, CommandDescriptor<A, ?> command, @Nullable A arguments, long id, boolean oob)
            throws IOException {
        if (arguments != null || oob) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                writeRequest(g, command, arguments, JsonNodeFactory.instance.numberNode(id), oob);
            }
            return;
        }
        out.write(command.requestPrefixWithoutArguments());
        writeDigits(out, id);
        out.write('}');
    }

    /**
     * {@link #writeRequest(OutputStream, CommandDescriptor, Object, long, boolean)} without an id: QEMU answers it without
     * one, in order with the other in-band commands.
     */
    public <A> void writeRequestWithoutId(OutputStream out, CommandDescriptor<A, ?> command, @Nullable A arguments, boolean oob)
            throws IOException {
        if (arguments != null || oob) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                writeRequest(g, command, arguments, null, oob);
            }
            return;
        }
        byte[] prefix = command.requestPrefixWithoutArguments();
        out.write(prefix, 0, prefix.length - ID_MEMBER.length);   // the prefix ends with the id member's start
        out.write('}');
    }

    /** How {@link CommandDescriptor#requestPrefixWithoutArguments()} ends. */
    private static final byte[] ID_MEMBER = ",\"id\":".getBytes(StandardCharsets.ISO_8859_1);

    private static void writeDigits(OutputStream out, long value) throws IOException {
        if (value >= 0 && value < 10) {
            out.write('0' + (int) value);
        } else {
            out.write(Long.toString(value).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    public <A> byte[] encodeRequest(CommandDescriptor<A, ?> command, @Nullable A arguments, @Nullable JsonNode id, boolean oob) {
        return write(g -> writeRequest(g, command, arguments, id, oob));
    }

    /** Writes a request to a generator (transports use this to write straight into their buffers). */
    public <A> void writeRequest(JsonGenerator g, CommandDescriptor<A, ?> command, @Nullable A arguments, @Nullable JsonNode id, boolean oob)
            throws IOException {
        if (oob && !command.allowOob()) {
            throw new IllegalArgumentException("command " + command.name() + " does not allow out-of-band execution");
        }
        g.writeStartObject();
        g.writeStringField(oob ? "exec-oob" : "execute", command.name());
        // Without arguments the member is left out; QEMU accepts that when every argument is optional.
        if (arguments != null) {
            g.writeFieldName("arguments");
            command.writeArguments(g, arguments);
        }
        writeId(g, id);
        g.writeEndObject();
    }

    /** Clients' ids are longs: write those directly instead of through the tree serializer. */
    private static void writeId(JsonGenerator g, @Nullable JsonNode id) throws IOException {
        if (id == null) {
            return;
        }
        g.writeFieldName("id");
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            g.writeNumber(id.longValue());
        } else {
            QapiJson.writeAny(g, id);
        }
    }

    /** Encodes a request for a command the compiled schema does not know. */
    public byte[] encodeRawRequest(String command, @Nullable JsonNode arguments, @Nullable JsonNode id, boolean oob) {
        return write(g -> writeRawRequest(g, command, arguments, id, oob));
    }

    /** Writes a request for a command the compiled schema does not know to a stream. */
    public void writeRawRequest(OutputStream out, String command, @Nullable JsonNode arguments, @Nullable JsonNode id, boolean oob)
            throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeRawRequest(g, command, arguments, id, oob);
        }
    }

    private static void writeRawRequest(JsonGenerator g, String command, @Nullable JsonNode arguments, @Nullable JsonNode id, boolean oob)
            throws IOException {
        g.writeStartObject();
        g.writeStringField(oob ? "exec-oob" : "execute", command);
        if (arguments != null) {
            g.writeFieldName("arguments");
            QapiJson.writeAny(g, arguments);
        }
        if (id != null) {
            g.writeFieldName("id");
            QapiJson.writeAny(g, id);
        }
        g.writeEndObject();
    }

    /** Encodes a successful reply (servers and test fakes use this). */
    public <R> byte[] encodeReturn(CommandDescriptor<?, R> command, @Nullable R value, @Nullable JsonNode id) {
        return write(g -> {
            g.writeStartObject();
            g.writeFieldName("return");
            command.writeResult(g, value);
            if (id != null) {
                g.writeFieldName("id");
                QapiJson.writeAny(g, id);
            }
            g.writeEndObject();
        });
    }

    /** Encodes an error reply. */
    public byte[] encodeError(String errorClass, String description, @Nullable JsonNode id) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("class", errorClass);
            g.writeStringField("desc", description);
            g.writeEndObject();
            if (id != null) {
                g.writeFieldName("id");
                QapiJson.writeAny(g, id);
            }
            g.writeEndObject();
        });
    }

    /** Encodes an event as QEMU sends it: {@code {"event": ..., "data": ..., "timestamp": ...}}. */
    public byte[] encodeEvent(QmpEvent event) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("event", event.eventName());
            if (event._hasData()) {
                g.writeFieldName("data");
                event._writeData(g);
            }
            g.writeObjectFieldStart("timestamp");
            g.writeNumberField("seconds", event.rawTimestamp().seconds());
            g.writeNumberField("microseconds", event.rawTimestamp().microseconds());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Encodes a greeting as QEMU sends it. */
    public byte[] encodeGreeting(QmpGreeting greeting) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("QMP");
            g.writeObjectFieldStart("version");
            g.writeObjectFieldStart("qemu");
            g.writeNumberField("micro", greeting.micro());
            g.writeNumberField("minor", greeting.minor());
            g.writeNumberField("major", greeting.major());
            g.writeEndObject();
            g.writeStringField("package", greeting.packageVersion());
            g.writeEndObject();
            g.writeArrayFieldStart("capabilities");
            for (String c : greeting.capabilities()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @FunctionalInterface
    private interface GeneratorWork {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private static byte[] write(GeneratorWork work) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            work.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static QmpProtocolException malformed(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new QmpProtocolException("QMP message", null, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }
}
