package dev.qmpsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a simulated VM answers on the wire, read with a bare client. */
class SimulatedVmTest {
    @Test
    void queryQmpSchemaAnswersTheCompiledIntrospectionInOneReply() throws IOException {
        JsonNode compiled = new ObjectMapper().readTree(QmpSchemaIntrospection.json());
        try (SimulatedVm vm = SimulatedVm.start("vm1");
                RawQmpClient client = RawQmpClient.negotiated(vm.server().address())) {
            client.send("{\"execute\": \"query-qmp-schema\", \"id\": 7}");
            JsonNode reply = client.read();
            assertEquals(7, reply.get("id").asInt());
            assertEquals(compiled, reply.get("return"));
            assertEquals(QmpSchemaIntrospection.ENTRIES, reply.get("return").size());
            // a second VM in the same JVM shares the parsed answer and still answers the same
            try (SimulatedVm other = SimulatedVm.start("vm2");
                    RawQmpClient second = RawQmpClient.negotiated(other.server().address())) {
                second.send("{\"execute\": \"query-qmp-schema\", \"id\": 8}");
                assertEquals(compiled, second.read().get("return"));
            }
        }
    }

    @Test
    void stopThenQueryStatusSaysPaused() throws IOException {
        try (SimulatedVm vm = SimulatedVm.start("vm1");
                RawQmpClient client = RawQmpClient.negotiated(vm.server().address())) {
            client.send("{\"execute\": \"stop\", \"id\": 1}");
            assertEquals("STOP", client.read().get("event").asText(), "the event comes before the reply, as in QEMU");
            assertEquals(1, client.read().get("id").asInt());
            client.send("{\"execute\": \"query-status\", \"id\": 2}");
            assertEquals("paused", client.read().at("/return/status").asText());
        }
    }
}
