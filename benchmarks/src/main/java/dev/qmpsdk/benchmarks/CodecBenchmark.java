package dev.qmpsdk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.ReplyIds;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 1: the codec. Each SDK benchmark ({@code sdk*}) has a baseline ({@code jackson*}) doing Jackson's tree
 * model on the same bytes ({@code ObjectMapper.readTree}; for encoding, writing an equivalent {@code ObjectNode}).
 * SDK decoding is the whole path a reply takes in the client: {@link ReplyIds#find} (routing by id in the raw
 * bytes) and then {@link QmpCodec#decodeResult(CommandDescriptor, byte[])} into the generated type, in one pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    final QmpCodec codec = QmpCodec.of(QmpEvents.REGISTRY);
    final ObjectMapper mapper = new ObjectMapper();
    byte[] statusReply;
    byte[] blockReply;
    byte[] schemaReply;
    byte[] event;
    long id;

    @Setup
    public void setup() {
        statusReply = Fixtures.utf8(Fixtures.QUERY_STATUS_REPLY);
        blockReply = Fixtures.utf8(Fixtures.queryBlockReply(16));
        event = Fixtures.utf8(Fixtures.EVENT);
        schemaReply = Fixtures.schemaReply().orElseThrow(() ->
                new IllegalStateException("no QEMU installed to capture a query-qmp-schema reply from"));
    }

    // ------------------------------------------------------------ encode query-status

    @Benchmark
    public byte[] sdkEncodeQueryStatus() {
        return codec.encodeRequest(QmpCommands.QUERY_STATUS, null, ++id);
    }

    @Benchmark
    public byte[] jacksonEncodeQueryStatus() throws IOException {
        ObjectNode n = mapper.createObjectNode();
        n.put("execute", "query-status");
        n.put("id", ++id);
        return mapper.writeValueAsBytes(n);
    }

    // ------------------------------------------------------------ decode

    @Benchmark
    public Object sdkDecodeQueryStatus() {
        return decodeReply(QmpCommands.QUERY_STATUS, statusReply);
    }

    @Benchmark
    public JsonNode jacksonDecodeQueryStatus() throws IOException {
        return mapper.readTree(statusReply);
    }

    @Benchmark
    public Object sdkDecodeQueryBlock() {
        return decodeReply(QmpCommands.QUERY_BLOCK, blockReply);
    }

    @Benchmark
    public JsonNode jacksonDecodeQueryBlock() throws IOException {
        return mapper.readTree(blockReply);
    }

    @Benchmark
    public Object sdkDecodeQmpSchema() {
        return decodeReply(QmpCommands.QUERY_QMP_SCHEMA, schemaReply);
    }

    @Benchmark
    public JsonNode jacksonDecodeQmpSchema() throws IOException {
        return mapper.readTree(schemaReply);
    }

    @Benchmark
    public QmpMessage sdkDecodeEvent() {
        return codec.decodeMessage(event);
    }

    @Benchmark
    public JsonNode jacksonDecodeEvent() throws IOException {
        return mapper.readTree(event);
    }

    /** What QmpClient does with a reply frame: find its id in the bytes, then decode the frame in one pass. */
    <R> R decodeReply(CommandDescriptor<?, R> command, byte[] bytes) {
        if (ReplyIds.find(bytes) == ReplyIds.NONE) {
            throw new IllegalStateException("reply without an id");
        }
        return codec.decodeResult(command, bytes);
    }
}
