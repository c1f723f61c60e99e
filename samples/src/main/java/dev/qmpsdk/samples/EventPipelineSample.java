package dev.qmpsdk.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.OverflowPolicy;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.reactive.VmEvent;
import dev.qmpsdk.testkit.SimulatedVm;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A small reactive service pipeline: the lifecycle events of every VM in a {@link QmpFleet}, merged into
 * one stream, reduced to a flat record and written as JSON lines to any sink (a log shipper, a file, a
 * message queue producer...).
 *
 * <pre>{@code
 * Disposable pipeline = EventPipelineSample.start(fleet, System.out::println, 256);
 * // {"vm":"web-1","event":"STOP","timestamp":"2024-05-01T12:00:00.123456Z"}
 * }</pre>
 *
 * <p>Backpressure happens at two places, both bounded and both dropping the oldest events rather than
 * blocking: each VM's own event buffer inside the client ({@link QmpClientOptions.Builder#eventBufferSize} and {@link QmpClientOptions.Builder#eventOverflowPolicy}), and
 * the pipeline's buffer in front of the slow sink ({@link Flux#onBackpressureBuffer}).
 */
public final class EventPipelineSample {
    /** The events a lifecycle dashboard cares about; the rest (BLOCK_JOB_*, POWERDOWN...) is noise here. */
    public static final Set<String> LIFECYCLE_EVENTS = Set.of("STOP", "RESUME", "SHUTDOWN", "RESET");

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventPipelineSample() {}

    /**
     * One output line. A flat record rather than the event object so the wire format is ours, stable and
     * independent of how the QMP schema evolves.
     *
     * @param vm the fleet id of the VM
     * @param event the QMP event name
     * @param timestamp when QEMU emitted it, ISO-8601 (a string, so no Jackson time module is needed)
     */
    public record EventLine(String vm, String event, String timestamp) {
        public static EventLine of(VmEvent<? extends QmpEvent> e) {
            return new EventLine(e.vmId(), e.event().eventName(), e.event().timestamp().toString());
        }

        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (JsonProcessingException ex) {
                // Three strings cannot fail to serialize; surfacing it beats silently dropping a line.
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * The pipeline as a cold {@link Flux} of JSON lines; nothing happens until it is subscribed.
     *
     * @param fleet the VMs to watch (VMs added later are picked up too)
     * @param bufferSize how many lines may wait for a slow consumer before the oldest are dropped
     * @param dropped counts the lines dropped because the consumer fell behind
     */
    public static Flux<String> lines(QmpFleet fleet, int bufferSize, AtomicLong dropped) {
        return fleet.events()
                // Filter before anything else, so noise costs neither allocation nor buffer space.
                .filter(e -> LIFECYCLE_EVENTS.contains(e.event().eventName()))
                .map(EventLine::of)
                .map(EventLine::toJson)
                // The fleet's stream is hot: QEMU will not slow down because we are slow. So rather than let
                // a stalled sink grow memory without bound, keep the newest bufferSize lines and drop (and
                // count) the oldest: for a status feed the latest state matters more than the history.
                .onBackpressureBuffer(bufferSize, line -> dropped.incrementAndGet(), BufferOverflowStrategy.DROP_OLDEST);
    }

    /**
     * Runs the pipeline into a sink until the returned handle is disposed.
     *
     * <p>The sink runs on its own thread, never on the event loop: a blocking sink (a file, a network
     * write) would otherwise stall every VM's command replies. {@code publishOn} with a small prefetch
     * is what turns a slow sink into real backpressure: it requests only a few lines at a time, so the
     * excess waits in (and overflows from) the bounded buffer above instead of piling up unseen.
     */
    public static Disposable start(QmpFleet fleet, Consumer<String> sink, int bufferSize) {
        Scheduler sinkThread = Schedulers.newSingle("event-sink");
        return lines(fleet, bufferSize, new AtomicLong())
                .publishOn(sinkThread, 16)
                .doFinally(s -> sinkThread.dispose())
                .subscribe(sink, error -> System.err.println("event pipeline failed: " + error));
    }

    /** Three simulated VMs, paused and resumed, their lifecycle printed as JSON lines. */
    public static void main(String[] args) throws InterruptedException {
        List<SimulatedVm> vms = new ArrayList<>();
        QmpFleet fleet = QmpFleet.create();
        try {
            for (int i = 1; i <= 3; i++) {
                SimulatedVm vm = SimulatedVm.start("vm-" + i);
                vms.add(vm);
                // The client's own per-subscriber buffer: the first line of defence, on the event loop,
                // so one flooding VM cannot make the loop wait for our pipeline.
                fleet.add(vm.name(), QmpClientOptions.unix(vm.socketPath())
                        .eventBufferSize(256).eventOverflowPolicy(OverflowPolicy.DROP_OLDEST).build()).block(Duration.ofSeconds(10));
            }
            Disposable pipeline = start(fleet, System.out::println, 1024);
            Flux.fromIterable(fleet.vmIds())
                    .flatMap(id -> fleet.vm(id).stop().then(fleet.vm(id).cont()))
                    .blockLast(Duration.ofSeconds(10));
            Thread.sleep(500); // let the sink thread print the last lines before we tear down
            pipeline.dispose();
        } finally {
            fleet.dispose();
            vms.forEach(SimulatedVm::close);
        }
    }
}
