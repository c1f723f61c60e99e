package dev.qmpsdk.core.introspection;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The {@code query-qmp-schema} answer of a real QEMU 7.2 (Debian 12), taken from the captured
 * {@code qemu-7.2/query-answers.json} (written by {@code QemuQuerySweepIT}), so these tests need no QEMU.
 */
final class Qemu72SchemaAnswer {
    private static final String RESOURCE = "/qemu-7.2/query-answers.json";

    private Qemu72SchemaAnswer() {}

    /** The {@code return} array. */
    static JsonNode load() {
        try (InputStream in = Qemu72SchemaAnswer.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is missing: capture it with QemuQuerySweepIT and -Dqmpsdk.sweep.capture");
            for (JsonNode answer : QapiJson.TREE_MAPPER.readTree(in).get("answers")) {
                if (answer.get("command").asText().equals("query-qmp-schema")) {
                    return answer.get("reply").get("return");
                }
            }
            throw new AssertionError(RESOURCE + " has no query-qmp-schema answer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
