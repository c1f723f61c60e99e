package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.SimulatedVm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** The HTTP endpoint against two simulated VMs, through a real HTTP client. */
class SseEndpointSampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<SimulatedVm> vms = new ArrayList<>();
    private final QmpFleet fleet = QmpFleet.create();
    private SseEndpointSample endpoint;
    private HttpClient http;

    @BeforeEach
    void setUp() {
        for (int i = 1; i <= 2; i++) {
            SimulatedVm vm = SimulatedVm.start("vm-" + i);
            vms.add(vm);
            fleet.add(vm.name(), QmpClientOptions.unix(vm.socketPath()).build()).block(Duration.ofSeconds(10));
        }
        endpoint = SseEndpointSample.start(fleet, 0);
        http = HttpClient.create().baseUrl("http://localhost:" + endpoint.port());
    }

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
        fleet.dispose();
        vms.forEach(SimulatedVm::close);
    }

    private record Response(int status, JsonNode body) {}

    private Response post(String path, String body) {
        return http.post().uri(path)
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Response(res.status().code(), readJson(text))))
                .block(Duration.ofSeconds(10));
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Reads the SSE stream until a chunk-independent line matches; the poll timeout only bounds a failure. */
    private static String readUntil(BlockingQueue<String> chunks, StringBuilder stream, String wanted) throws InterruptedException {
        while (!stream.toString().contains(wanted)) {
            String chunk = chunks.poll(10, TimeUnit.SECONDS);
            assertNotNull(chunk, "no '" + wanted + "' in the stream so far:\n" + stream);
            stream.append(chunk);
        }
        return stream.toString();
    }

    @Test
    void streamsTheEventOfACommandRunOverHttp() throws Exception {
        BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        Disposable sse = http.get().uri("/events").responseContent().asString().subscribe(chunks::add);
        try {
            StringBuilder stream = new StringBuilder();
            readUntil(chunks, stream, ": connected\n\n");

            Response stop = post("/vms/vm-2/commands/stop", "");
            assertEquals(200, stop.status(), stop.body().toString());
            assertEquals("vm-2", stop.body().get("vm").asText());
            assertEquals("stop", stop.body().get("command").asText());

            String text = readUntil(chunks, stream, "\"vm\":\"vm-2\",\"event\":\"STOP\"");
            JsonNode event = null;
            for (String frame : text.split("\n\n")) {
                if (frame.startsWith("data: ") && frame.contains("\"STOP\"")) {
                    event = JSON.readTree(frame.substring("data: ".length()));
                }
            }
            assertNotNull(event, text);
            assertEquals("vm-2", event.get("vm").asText());
            assertTrue(event.hasNonNull("timestamp"), event.toString());

            Response status = post("/vms/vm-2/commands/query-status", "");
            assertEquals(200, status.status());
            assertEquals("paused", status.body().at("/return/status").asText(), status.body().toString());
        } finally {
            sse.dispose();
        }
    }

    @Test
    void unknownVmIs404() {
        Response r = post("/vms/vm-9/commands/stop", "");
        assertEquals(404, r.status());
        assertEquals("VmNotFound", r.body().at("/error/class").asText(), r.body().toString());
    }

    @Test
    void commandQemuRefusesIs400WithTheQmpErrorClass() {
        Response r = post("/vms/vm-1/commands/no-such-command", "");
        assertEquals(400, r.status());
        assertEquals("CommandNotFound", r.body().at("/error/class").asText(), r.body().toString());
        assertTrue(r.body().at("/error/desc").asText().contains("no-such-command"), r.body().toString());
    }

    @Test
    void argumentsThatAreNotAJsonObjectAre400() {
        Response r = post("/vms/vm-1/commands/stop", "[1, 2]");
        assertEquals(400, r.status());
        assertEquals("BadRequest", r.body().at("/error/class").asText(), r.body().toString());
    }
}
