package dev.qmpsdk.reactive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.ReplyIds;
import dev.qmpsdk.reactive.FdSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one command sends and how its reply is read: a typed command (descriptor and arguments) or a raw one (wire
 * name and JSON tree). Plain data handed to the {@link QmpSession}, which writes and reads it with its codec.
 *
 * <pre>{@code
 * session.execute(Request.typed(QmpCommands.QUERY_STATUS, null), Duration.ofSeconds(5));
 * session.execute(Request.raw("query-cpus-fast", null), Duration.ofSeconds(5));
 * session.execute(Request.rawOob("yank", args), Duration.ofSeconds(5));                  // exec-oob, or fails unsent
 * session.execute(Request.typed(QmpCommands.GETFD, args).withFd(source), timeout);       // SCM_RIGHTS before the bytes
 * }</pre>
 *
 * @param <R> the decoded reply type
 */
public abstract sealed class Request<R> {
    private Request() {}

    /** A command of a generated schema. */
    public static <A, R> Request<R> typed(CommandDescriptor<A, R> command, @Nullable A arguments) {
        return new Typed<>(command, arguments);
    }

    /** A command by wire name with a JSON tree (or nothing) as arguments; the reply's value as a JSON tree. */
    public static Request<JsonNode> raw(String command, @Nullable JsonNode arguments) {
        return new Raw(command, arguments);
    }

    /**
     * A raw command sent with {@code exec-oob} whatever the compiled schema says (QEMU 7.2's {@code yank},
     * {@code migrate-pause}, {@code migrate-recover} are not in the 2.11.2 model); fails unsent when out-of-band
     * execution was not negotiated.
     */
    public static Request<JsonNode> rawOob(String command, @Nullable JsonNode arguments) {
        return new Raw(command, arguments, true);
    }

    /** This request with a file descriptor written as {@code SCM_RIGHTS} ancillary data right before its bytes. */
    public Request<R> withFd(FdSource fd) {
        return new WithFd<>(this, fd);
    }

    /** The command's wire name. */
    public abstract String name();

    /** False for a command that sends no reply on success ({@code guest-shutdown}); raw commands are assumed to reply. */
    public boolean successResponse() {
        return true;
    }

    /** The descriptor to pass with this request; null for most. */
    @Nullable FdSource fd() {
        return null;
    }

    /** True when the caller asked for {@code exec-oob} explicitly: the session refuses it without negotiated OOB. */
    boolean forcesOob() {
        return false;
    }

    /**
     * Writes the request with this id ({@link ReplyIds#NONE}: without one); {@code oobNegotiated} lets an
     * {@code allow-oob} command go out of band.
     */
    public abstract void write(QmpCodec codec, OutputStream out, long id, boolean oobNegotiated) throws IOException;

    /** The reply's value, already routed to this command by id; null for a command without one. */
    public abstract @Nullable R read(QmpCodec codec, byte[] frame);

    /** The wire names of the argument members this request sends (for the check against the server's schema). */
    Set<String> argumentMembers(QmpCodec codec) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(codec, request, 0, false);
        JsonNode arguments = QapiJson.TREE_MAPPER.readTree(request.toByteArray()).get("arguments");
        Set<String> names = new LinkedHashSet<>();
        if (arguments != null) {
            arguments.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static final class Typed<A, R> extends Request<R> {
        private final CommandDescriptor<A, R> command;
        private final @Nullable A arguments;

        Typed(CommandDescriptor<A, R> command, @Nullable A arguments) {
            this.command = command;
            this.arguments = arguments;
        }

        @Override
        public String name() {
            return command.name();
        }

        @Override
        public boolean successResponse() {
            return command.successResponse();
        }

        @Override
        public void write(QmpCodec codec, OutputStream out, long id, boolean oobNegotiated) throws IOException {
            boolean oob = oobNegotiated && command.allowOob();
            if (id == ReplyIds.NONE) {
                codec.writeRequestWithoutId(out, command, arguments, oob);
            } else {
                codec.writeRequest(out, command, arguments, id, oob);
            }
        }

        @Override
        public @Nullable R read(QmpCodec codec, byte[] frame) {
            return codec.decodeResult(command, frame);
        }
    }

    private static final class Raw extends Request<JsonNode> {
        private final String command;
        private final @Nullable JsonNode arguments;
        private final boolean oob;

        Raw(String command, @Nullable JsonNode arguments) {
            this(command, arguments, false);
        }

        Raw(String command, @Nullable JsonNode arguments, boolean oob) {
            this.command = command;
            this.arguments = arguments;
            this.oob = oob;
        }

        @Override
        boolean forcesOob() {
            return oob;
        }

        @Override
        public String name() {
            return command;
        }

        @Override
        public void write(QmpCodec codec, OutputStream out, long id, boolean oobNegotiated) throws IOException {
            codec.writeRawRequest(out, command, arguments, id == ReplyIds.NONE ? null : LongNode.valueOf(id), oob && oobNegotiated);
        }

        @Override
        public @Nullable JsonNode read(QmpCodec codec, byte[] frame) {
            return codec.decodeRawResult(command, frame);
        }
    }

    /** Another request plus the descriptor passed with it. */
    private static final class WithFd<R> extends Request<R> {
        private final Request<R> request;
        private final FdSource fd;

        WithFd(Request<R> request, FdSource fd) {
            this.request = request;
            this.fd = fd;
        }

        @Override
        public String name() {
            return request.name();
        }

        @Override
        FdSource fd() {
            return fd;
        }

        @Override
        boolean forcesOob() {
            return request.forcesOob();
        }

        @Override
        public void write(QmpCodec codec, OutputStream out, long id, boolean oobNegotiated) throws IOException {
            request.write(codec, out, id, oobNegotiated);
        }

        @Override
        public boolean successResponse() {
            return request.successResponse();
        }

        @Override
        public @Nullable R read(QmpCodec codec, byte[] frame) {
            return request.read(codec, frame);
        }
    }
}
