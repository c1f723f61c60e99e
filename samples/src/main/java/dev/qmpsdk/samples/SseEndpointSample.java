package dev.qmpsdk.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.reactive.ConnectionState;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.testkit.SimulatedVm;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A fleet behind HTTP, with reactor-netty: the same non-blocking model end to end, so one small thread
 * pool serves many browsers and many VMs.
 *
 * <ul>
 *   <li>{@code GET /events}: every VM's events as Server-Sent Events, one {@code data: {json}} each</li>
 *   <li>{@code POST /vms/{id}/commands/{name}}: runs a QMP command; the body is its JSON arguments (or
 *       empty). 200 with {@code {"vm", "command", "return"}}; 404 for an unknown VM; 400 when the body is
 *       not a JSON object or QEMU refuses the command; 502 when the monitor itself fails (gone, timed out);
 *       errors as {@code {"error": {"class", "desc"}}}, the shape QMP itself uses.</li>
 * </ul>
 *
 * <pre>{@code
 * curl -N localhost:8080/events
 * curl -X POST localhost:8080/vms/vm-1/commands/stop
 * curl -X POST -d '{"value": 42}' localhost:8080/vms/vm-1/commands/balloon
 * }</pre>
 */
public final class SseEndpointSample implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QmpFleet fleet;
    private final DisposableServer server;

    private SseEndpointSample(QmpFleet fleet, int port) {
        this.fleet = fleet;
        this.server = HttpServer.create()
                .port(port)
                .route(routes -> routes
                        .get("/events", (req, res) -> events(res))
                        .post("/vms/{id}/commands/{name}", this::command))
                .bindNow(Duration.ofSeconds(10));
    }

    /** Serves the fleet on the given port (0 for any free one) until {@link #close()}. */
    public static SseEndpointSample start(QmpFleet fleet, int port) {
        return new SseEndpointSample(fleet, port);
    }

    public int port() {
        return server.port();
    }

    private Publisher<Void> events(HttpServerResponse res) {
        Flux<String> events = fleet.events()
                .map(e -> "data: " + EventPipelineSample.EventLine.of(e).toJson() + "\n\n")
                // A browser that stops reading must not hold events for ever: keep the newest 256.
                .onBackpressureBuffer(256, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
        // The fleet's stream is hot, so a client only sees events after its subscription is live. merge
        // subscribes to the events first and only then emits the comment, so a client that has read
        // ": connected" knows nothing it triggers from now on can be missed. It also sends the headers
        // at once, instead of with the first event, which may be a long time coming.
        Flux<String> body = Flux.merge(events, Mono.just(": connected\n\n"));
        return res.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                // sendString flushes whenever it runs out of ready items, so each event leaves at once.
                .sendString(body, StandardCharsets.UTF_8);
    }

    private Publisher<Void> command(HttpServerRequest req, HttpServerResponse res) {
        String vmId = req.param("id");
        String name = req.param("name");
        if (vmId == null || !fleet.vmIds().contains(vmId)) {
            return send(res, HttpResponseStatus.NOT_FOUND, error("VmNotFound", "VM '" + vmId + "' is not in the fleet"));
        }
        QmpClient client = fleet.vm(vmId);
        if (client.state() != ConnectionState.READY) {
            // A known VM without a ready connection is reconnecting: a temporary upstream problem, not a 404.
            return send(res, HttpResponseStatus.BAD_GATEWAY, error("VmUnavailable", "VM '" + vmId + "' is "
                    + client.state().name().toLowerCase()));
        }
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    JsonNode arguments;
                    try {
                        arguments = parseArguments(body);
                    } catch (IllegalArgumentException e) {
                        return Mono.just(new Reply(HttpResponseStatus.BAD_REQUEST, error("BadRequest", e.getMessage())));
                    }
                    // executeRaw takes any command name, so the endpoint needs no list of commands; a typed
                    // descriptor (QmpCommands.STOP...) would add argument checks before anything is sent.
                    return client.executeRaw(name, arguments)
                            .defaultIfEmpty(NullNode.getInstance())
                            .map(result -> {
                                ObjectNode ok = JSON.createObjectNode().put("vm", vmId).put("command", name);
                                ok.set("return", result);
                                return new Reply(HttpResponseStatus.OK, ok);
                            });
                })
                .onErrorResume(QmpCommandException.class, e ->
                        // QEMU understood the request and refused it: the caller's fault, and QEMU's error
                        // class (CommandNotFound, GenericError, DeviceNotFound...) is the useful part.
                        Mono.just(new Reply(HttpResponseStatus.BAD_REQUEST, error(e.errorClass(), e.description()))))
                .onErrorResume(e ->
                        // Anything else is the monitor failing us (closed, timed out): a bad gateway.
                        Mono.just(new Reply(HttpResponseStatus.BAD_GATEWAY, error("MonitorError", String.valueOf(e.getMessage())))))
                .flatMap(reply -> Mono.from(send(res, reply.status(), reply.body())));
    }

    private static @Nullable JsonNode parseArguments(String body) {
        if (body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the arguments must be a JSON object");
        }
        return node;
    }

    private record Reply(HttpResponseStatus status, JsonNode body) {}

    private static ObjectNode error(String errorClass, String description) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("class", errorClass).put("desc", description);
        return root;
    }

    private static Publisher<Void> send(HttpServerResponse res, HttpResponseStatus status, JsonNode body) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(body.toString()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    /** Two simulated VMs served on port 8080 (or the first argument) until the process is stopped. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        List<SimulatedVm> vms = new ArrayList<>();
        QmpFleet fleet = QmpFleet.create();
        for (int i = 1; i <= 2; i++) {
            SimulatedVm vm = SimulatedVm.start("vm-" + i);
            vms.add(vm);
            fleet.add(vm.name(), QmpClientOptions.unix(vm.socketPath()).build()).block(Duration.ofSeconds(10));
        }
        SseEndpointSample endpoint = start(fleet, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            endpoint.close();
            fleet.dispose();
            vms.forEach(SimulatedVm::close);
        }));
        System.out.println("Serving " + fleet.vmIds() + " on http://localhost:" + endpoint.port());
        System.out.println("  curl -N localhost:" + endpoint.port() + "/events");
        System.out.println("  curl -X POST localhost:" + endpoint.port() + "/vms/vm-1/commands/stop");
        endpoint.server.onDispose().block();
    }
}
