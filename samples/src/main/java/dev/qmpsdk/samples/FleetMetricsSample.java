package dev.qmpsdk.samples;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.reactive.observe.QmpAuditRecord;
import dev.qmpsdk.reactive.observe.QmpAuditTrail;
import dev.qmpsdk.reactive.observe.QmpMicrometerMetrics;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.testkit.SimulatedVm;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The metrics of a simulated fleet, exposed for Prometheus: {@code GET /metrics} answers the scrape format of a
 * Micrometer {@link PrometheusMeterRegistry} that the fleet's VMs report into ({@link QmpMicrometerMetrics}), plus the
 * fleet's size; an audit trail records every command. {@link #exercise()} runs a little traffic (status queries, a pause and resume, one refused command).
 *
 * <pre>{@code
 * try (FleetMetricsSample sample = FleetMetricsSample.start(3, 9400)) {
 *     sample.exercise().block();
 *     // curl localhost:9400/metrics
 *     //   qmp_command_duration_seconds_count{command="query-status",error_class="none",outcome="success"} 3
 *     //   qmp_fleet_vms{fleet="sample"} 3
 * }
 * }</pre>
 */
public final class FleetMetricsSample implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(10);

    private final List<SimulatedVm> vms = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final QmpFleet fleet = QmpFleet.create();
    private final QmpAuditTrail audit = QmpAuditTrail.create();
    private final List<QmpAuditRecord> auditRecords = new CopyOnWriteArrayList<>();
    private final Disposable auditing = audit.records().subscribe(auditRecords::add);
    private final DisposableServer http;

    private FleetMetricsSample(int vmCount, int port, boolean wireLog) {
        for (int i = 1; i <= vmCount; i++) {
            vms.add(SimulatedVm.start("vm-" + i));
        }
        // README-BEGIN: java-observability
        QmpMicrometerMetrics metrics = QmpMicrometerMetrics.of(registry)   // any Micrometer MeterRegistry
                .bindTo(fleet, "sample");                                  // qmp.fleet.vms{fleet=sample}
        QmpObservability observability = QmpObservability.builder()
                .observer(metrics)                                         // latency per command and outcome, events, drops...
                .observer(audit)                                           // one QmpAuditRecord per command, no argument values
                .wireLog(wireLog)                                          // logger dev.qmpsdk.wire at INFO, secrets masked
                .build();
        for (SimulatedVm vm : vms) {
            fleet.add(vm.name(), QmpClientOptions.unix(vm.socketPath()).observability(observability).build()).block();
        }
        // README-END
        this.http = HttpServer.create().port(port)
                .route(routes -> routes.get("/metrics", (req, res) -> res
                        .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .sendString(Mono.fromSupplier(registry::scrape))))
                .bindNow(T);
    }

    /** Starts {@code vms} simulated VMs in a fleet and serves their metrics on {@code port} (0: any free port). */
    public static FleetMetricsSample start(int vms, int port) {
        return start(vms, port, false);
    }

    /** {@link #start(int, int)}, with or without the wire log on the {@code dev.qmpsdk.wire} logger. */
    public static FleetMetricsSample start(int vms, int port, boolean wireLog) {
        return new FleetMetricsSample(vms, port, wireLog);
    }

    public int port() {
        return http.port();
    }

    /** Every VM: {@code query-status}, {@code stop}, {@code cont}, and a command the simulated VMs refuse. */
    public Mono<Void> exercise() {
        return Flux.fromIterable(fleet.vmIds())
                .flatMap(id -> {
                    QmpClient vm = fleet.vm(id);
                    return vm.queryStatus()
                            .then(vm.stop())
                            .then(vm.cont())
                            .then(vm.executeRaw("x-not-a-command", null).onErrorResume(QmpCommandException.class, e -> Mono.empty()));
                })
                .then();
    }

    /** The audit records of the commands so far (the handshakes' {@code qmp_capabilities} included). */
    public List<QmpAuditRecord> auditRecords() {
        return List.copyOf(auditRecords);
    }

    /** What {@code GET /metrics} answers. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        http.disposeNow(T);
        fleet.close().block(T);
        auditing.dispose();
        vms.forEach(SimulatedVm::close);
    }
}
