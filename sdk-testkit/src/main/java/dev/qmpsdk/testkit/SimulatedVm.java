package dev.qmpsdk.testkit;

import dev.qmpsdk.core.qapi.QmpSchemaIntrospection;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A simulated VM monitor for demos and tests without QEMU: a {@link FakeQmpServer} scripted with a run
 * state that the usual commands change, with the events QEMU sends for them.
 *
 * <ul>
 *   <li>{@code stop} → {@code STOP}, then paused; {@code cont} → {@code RESUME}, then running</li>
 *   <li>{@code system_reset} → {@code RESET}; {@code system_powerdown} → {@code POWERDOWN}, then the guest
 *       shuts down ({@code SHUTDOWN} with {@code guest: true}) and the state is {@code shutdown}</li>
 *   <li>{@code quit} → {@code SHUTDOWN} ({@code host-qmp-quit}), the reply, then the connection closes</li>
 *   <li>{@code query-status}, {@code query-version}, {@code query-name} answered from the state</li>
 *   <li>{@code query-qmp-schema} answered with what a QEMU built from the compiled schema (2.11.2) would
 *       answer: {@link QmpSchemaIntrospection}, which the code generator computes from the schema at build
 *       time by QEMU 2.11's rules (only commands, events and the types they use; type names masked as
 *       numbers). So a client probing capabilities sees exactly the commands and events the SDK was compiled
 *       for, whatever else the simulation scripts; or with a {@link SimulatedSchema} given to
 *       {@link #start(String, SimulatedSchema)}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (SimulatedVm vm = SimulatedVm.start("web-1")) {
 *     QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(vm.socketPath()).build()).block();
 *     qmp.stop().block();   // the client sees a STOP event, query-status says "paused"
 *     List<SchemaInfo> schema = qmp.queryQmpSchema().block();   // 156 commands, 37 events, their types
 * }
 * }</pre>
 */
public final class SimulatedVm implements AutoCloseable {
    private final String name;
    private final FakeQmpServer server;
    private final Reply schema;
    private volatile String status = "running";

    private SimulatedVm(String name, FakeQmpServer server, Reply schema) {
        this.name = name;
        this.server = server;
        this.schema = schema;
        script();
    }

    /** A simulated VM on a Unix socket in a fresh temporary directory. */
    public static SimulatedVm start(String name) {
        return new SimulatedVm(Objects.requireNonNull(name, "name"), FakeQmpServer.startUnix(), Introspection.REPLY);
    }

    /**
     * A simulated VM that answers {@code query-qmp-schema} with {@code schema} instead of the compiled one, to test
     * capability checks against a different QEMU. Only the answer changes: the scripted commands stay the same.
     */
    public static SimulatedVm start(String name, SimulatedSchema schema) {
        return new SimulatedVm(Objects.requireNonNull(name, "name"), FakeQmpServer.startUnix(), Reply.ok(schema.answer()));
    }

    /** A simulated VM on the given Unix socket path. */
    public static SimulatedVm start(String name, Path socket) {
        return new SimulatedVm(Objects.requireNonNull(name, "name"), FakeQmpServer.startUnix(socket), Introspection.REPLY);
    }

    private void script() {
        server.on("query-status", request -> Reply.ok(statusJson()));
        server.on("query-name", request -> Reply.ok("{\"name\": \"" + name.replace("\"", "\\\"") + "\"}"));
        server.on("query-qmp-schema", request -> schema);
        server.on("query-version", Reply.ok("{\"qemu\": {\"major\": 7, \"minor\": 2, \"micro\": 0}, \"package\": \"qmp-sdk simulated VM\"}"));
        server.on("stop", request -> {
            if (status.equals("paused")) {
                return Reply.ok();
            }
            status = "paused";
            return Reply.ok().precededBy("STOP");
        });
        server.on("cont", request -> {
            if (status.equals("shutdown")) {
                return Reply.error("GenericError", "Resetting the Virtual Machine is required");
            }
            if (status.equals("running")) {
                return Reply.ok();
            }
            status = "running";
            return Reply.ok().precededBy("RESUME");
        });
        server.on("system_reset", request -> {
            if (status.equals("shutdown")) {
                status = "running";
            }
            return Reply.ok().precededBy("RESET", "{\"guest\": false, \"reason\": \"host-qmp-system-reset\"}");
        });
        server.on("system_powerdown", request -> {
            status = "shutdown";
            return Reply.ok().precededBy("POWERDOWN").precededBy("SHUTDOWN", "{\"guest\": true, \"reason\": \"guest-shutdown\"}");
        });
        server.on("quit", request -> {
            status = "shutdown";
            return Reply.ok().precededBy("SHUTDOWN", "{\"guest\": false, \"reason\": \"host-qmp-quit\"}").thenClose();
        });
    }

    /** The introspection reply, parsed once per JVM on first use; JSON trees are only read, so VMs share it. */
    private static final class Introspection {
        static final Reply REPLY = Reply.ok(Json.parse(QmpSchemaIntrospection.json(), "the compiled query-qmp-schema introspection"));
    }

    private String statusJson() {
        String s = status;
        return "{\"status\": \"" + s + "\", \"singlestep\": false, \"running\": " + s.equals("running") + "}";
    }

    public String name() {
        return name;
    }

    /** The run state as {@code query-status} reports it ({@code running}, {@code paused}, {@code shutdown}). */
    public String status() {
        return status;
    }

    public Path socketPath() {
        return server.socketPath();
    }

    /** The underlying scripted server, to add faults or more commands. */
    public FakeQmpServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
