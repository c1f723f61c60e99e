package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.testkit.SimulatedSchema;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code qmp schema-diff} against simulated VMs: the compiled schema (no difference) and a changed one. */
class CliSchemaDiffTest {
    @Test
    void aVmPresentingTheCompiledSchemaHasNoDifference() {
        try (SimulatedVm vm = SimulatedVm.start("same")) {
            CliRun r = CliRun.of("schema-diff", "--socket", vm.socketPath().toString());
            assertEquals(0, r.code(), r.toString());
            assertEquals("server QEMU 7.2.0 vs the compiled QEMU 2.11.2 model\n0 differences {}\n", r.out().replace("\r\n", "\n"));
        }
    }

    @Test
    void aChangedSchemaIsListedAsTextAndAsJson() throws IOException {
        try (SimulatedVm vm = SimulatedVm.start("newer", SimulatedSchema.compiled().withoutCommand("query-cpus").withCommandFeature("drive-backup", "deprecated"))) {
            CliRun text = CliRun.of("schema-diff", "--socket", vm.socketPath().toString());
            assertEquals(0, text.code(), text.toString());
            assertTrue(text.out().contains("2 differences {deprecated=1, missing=1}"), text.out());
            assertTrue(text.out().contains("command query-cpus: missing on the server"), text.out());

            CliRun json = CliRun.of("schema-diff", "--socket", vm.socketPath().toString(), "--json");
            assertEquals(0, json.code(), json.toString());
            JsonNode changes = QapiJson.TREE_MAPPER.readTree(json.out()).get("changes");
            assertEquals(2, changes.size(), json.out());
            assertEquals("{\"subject\":\"command\",\"change\":\"deprecated\",\"path\":\"drive-backup\"}", changes.get(0).toString());
        }
    }
}
