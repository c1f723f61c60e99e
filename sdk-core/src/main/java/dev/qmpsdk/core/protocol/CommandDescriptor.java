package dev.qmpsdk.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.qmpsdk.core.codec.DecodeContext;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.codec.ValueReader;
import dev.qmpsdk.core.codec.ValueWriter;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a transport needs to run one command: its wire name, how to write its arguments, how to
 * read its return value, and whether it may go out-of-band. One generated constant per schema command
 * lives in {@code QmpCommands}:
 *
 * <pre>{@code
 * byte[] request = codec.encodeRequest(QmpCommands.QUERY_STATUS, null, 1);
 * StatusInfo info = codec.decodeResult(QmpCommands.QUERY_STATUS, reply);
 * }</pre>
 *
 * @param <A> the argument type, {@link Void} for commands without arguments
 * @param <R> the return type, {@link Void} for commands that return {@code {}}
 */
public final class CommandDescriptor<A, R> {
    private final String name;
    private final @Nullable Class<A> argumentsType;
    private final String returnTypeName;
    private final boolean allowOob;
    private final boolean deprecated;
    private final boolean successResponse;
    private final @Nullable ValueWriter<A> argumentsWriter;
    private final @Nullable ValueReader<A> argumentsReader;
    private final @Nullable ValueReader<R> resultReader;
    private final @Nullable ValueWriter<R> resultWriter;
    // Per-command constants of the codec's hot paths, made once instead of per message.
    private final byte[] requestPrefixWithoutArguments;
    private final DecodeContext tolerantReplyContext;
    private final DecodeContext strictReplyContext;

    private CommandDescriptor(Builder<A, R> b) {
        this.name = b.name;
        this.argumentsType = b.argumentsType;
        this.returnTypeName = b.returnTypeName;
        this.allowOob = b.allowOob;
        this.deprecated = b.deprecated;
        this.successResponse = b.successResponse;
        this.argumentsWriter = b.argumentsWriter;
        this.argumentsReader = b.argumentsReader;
        this.resultReader = b.resultReader;
        this.resultWriter = b.resultWriter;
        this.requestPrefixWithoutArguments = ("{\"execute\":" + jsonString(name) + ",\"id\":").getBytes(StandardCharsets.UTF_8);
        this.tolerantReplyContext = DecodeContext.of(false, "reply to " + name);
        this.strictReplyContext = DecodeContext.of(true, "reply to " + name);
    }

    private static String jsonString(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** {@code {"execute":"name","id":} as UTF-8: a request without arguments is this, the id and a brace. */
    byte[] requestPrefixWithoutArguments() {
        return requestPrefixWithoutArguments;
    }

    /** The decoding context of this command's replies. */
    DecodeContext replyContext(boolean strict) {
        return strict ? strictReplyContext : tolerantReplyContext;
    }

    /** Starts a descriptor for a command without arguments and without a return value. */
    public static Builder<Void, Void> builder(String name) {
        return new Builder<>(name);
    }

    /** The wire name ({@code query-status}). */
    public String name() {
        return name;
    }

    /** The Java type of the arguments, or null when the command takes none. */
    public @Nullable Class<A> argumentsType() {
        return argumentsType;
    }

    public boolean hasArguments() {
        return argumentsWriter != null;
    }

    public boolean hasResult() {
        return resultReader != null;
    }

    /** The return type as Java source would write it ({@code StatusInfo}, {@code List<BlockInfo>}), or {@code void}. */
    public String returnTypeName() {
        return returnTypeName;
    }

    /** True when the schema allows {@code exec-oob} for this command. */
    public boolean allowOob() {
        return allowOob;
    }

    /** True when the schema marks the command deprecated. */
    public boolean deprecated() {
        return deprecated;
    }

    /** Writes the {@code arguments} object; only for commands with arguments. */
    /**
     * False for the commands that send no reply when they succeed (QAPI {@code 'success-response': false}: the guest
     * agent's {@code guest-shutdown} and {@code guest-suspend-*}); only an error is ever answered.
     */
    public boolean successResponse() {
        return successResponse;
    }

    public void writeArguments(JsonGenerator g, A arguments) throws IOException {
        Objects.requireNonNull(argumentsWriter, () -> name + " takes no arguments").write(g, arguments);
    }

    /**
     * Reads an {@code arguments} object (the parser on its start); for commands without arguments accepts
     * an empty object and returns null.
     */
    public @Nullable A readArguments(JsonParser p, DecodeContext ctx) throws IOException {
        if (argumentsReader == null) {
            readEmptyObject(p, ctx, "arguments of " + name);
            return null;
        }
        return argumentsReader.read(p, ctx);
    }

    /** Reads a {@code return} value; for commands without one, accepts any object and returns null. */
    public @Nullable R readResult(JsonParser p, DecodeContext ctx) throws IOException {
        if (resultReader == null) {
            QapiJson.expectObject(p, ctx, "empty return of " + name);
            p.skipChildren();
            return null;
        }
        return resultReader.read(p, ctx);
    }

    /** Writes a {@code return} value ({@code {}} for commands without one). */
    public void writeResult(JsonGenerator g, @Nullable R value) throws IOException {
        if (resultWriter == null) {
            g.writeStartObject();
            g.writeEndObject();
        } else {
            resultWriter.write(g, Objects.requireNonNull(value, () -> "return value of " + name));
        }
    }

    private static void readEmptyObject(JsonParser p, DecodeContext ctx, String what) throws IOException {
        QapiJson.expectObject(p, ctx, what);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            p.nextToken();
            ctx.unknownMember(p, what, member);
        }
    }

    @Override
    public String toString() {
        return "command " + name;
    }

    /** Builds a descriptor; generated code is its only expected user. */
    public static final class Builder<A, R> {
        private final String name;
        private @Nullable Class<A> argumentsType;
        private String returnTypeName = "void";
        private boolean allowOob;
        private boolean deprecated;
        private boolean successResponse = true;
        private @Nullable ValueWriter<A> argumentsWriter;
        private @Nullable ValueReader<A> argumentsReader;
        private @Nullable ValueReader<R> resultReader;
        private @Nullable ValueWriter<R> resultWriter;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        @SuppressWarnings("unchecked")
        public <A2> Builder<A2, R> arguments(Class<A2> type, ValueReader<A2> reader, ValueWriter<A2> writer) {
            Builder<A2, R> self = (Builder<A2, R>) this;
            self.argumentsType = type;
            self.argumentsReader = reader;
            self.argumentsWriter = writer;
            return self;
        }

        @SuppressWarnings("unchecked")
        public <R2> Builder<A, R2> result(String typeName, ValueReader<R2> reader, ValueWriter<R2> writer) {
            Builder<A, R2> self = (Builder<A, R2>) this;
            self.returnTypeName = typeName;
            self.resultReader = reader;
            self.resultWriter = writer;
            return self;
        }

        public Builder<A, R> allowOob(boolean value) {
            this.allowOob = value;
            return this;
        }

        public Builder<A, R> deprecated(boolean value) {
            this.deprecated = value;
            return this;
        }

        /** False for a command that sends no reply on success (QAPI {@code 'success-response': false}). */
        public Builder<A, R> successResponse(boolean value) {
            this.successResponse = value;
            return this;
        }

        public CommandDescriptor<A, R> build() {
            return new CommandDescriptor<>(this);
        }
    }
}
