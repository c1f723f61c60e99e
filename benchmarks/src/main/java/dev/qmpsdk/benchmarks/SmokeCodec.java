package dev.qmpsdk.benchmarks;

import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import java.io.IOException;
import java.util.List;

/** Calls every codec benchmark once outside JMH and checks SDK and Jackson saw the same data. */
final class SmokeCodec {
    private SmokeCodec() {}

    static void run() throws IOException {
        CodecBenchmark b = new CodecBenchmark();
        b.statusReply = Fixtures.utf8(Fixtures.QUERY_STATUS_REPLY);
        b.blockReply = Fixtures.utf8(Fixtures.queryBlockReply(16));
        b.event = Fixtures.utf8(Fixtures.EVENT);
        check(b.sdkEncodeQueryStatus().length > 0 && b.jacksonEncodeQueryStatus().length > 0, "encode");
        StatusInfo status = (StatusInfo) b.sdkDecodeQueryStatus();
        check(status.running() == b.jacksonDecodeQueryStatus().get("return").get("running").asBoolean(), "query-status");
        check(((List<?>) b.sdkDecodeQueryBlock()).size() == b.jacksonDecodeQueryBlock().get("return").size(), "query-block");
        check(b.sdkDecodeEvent() != null && b.jacksonDecodeEvent().has("event"), "event");
    }

    /** The query-qmp-schema benchmark, on the reply a real QEMU gives (captured by {@link Fixtures#schemaReply()}). */
    static void runSchemaReply() throws IOException {
        CodecBenchmark b = new CodecBenchmark();
        b.schemaReply = Fixtures.schemaReply().orElseThrow();
        check(((List<?>) b.sdkDecodeQmpSchema()).size() == b.jacksonDecodeQmpSchema().get("return").size(), "query-qmp-schema");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("codec smoke: SDK and Jackson disagree on " + what);
        }
    }
}
