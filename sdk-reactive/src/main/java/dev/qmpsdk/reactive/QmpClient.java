package dev.qmpsdk.reactive;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpMonitorBusyException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.reactive.api.QmpCommandsApi;
import dev.qmpsdk.reactive.internal.SessionClient;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A QMP monitor with the typed commands of QEMU 2.11.2: the one type to hold, whether it is a single connection
 * ({@link #create}, {@link #connect(QmpClientOptions)}, {@link #listen}) or a VM of a {@link QmpFleet}
 * ({@link QmpFleet#vm(String)}, which follows the VM across reconnections). Cold {@link Mono} commands (one generated
 * method per schema command, or {@link #execute} by descriptor), hot {@link Flux} events, a state stream.
 *
 * <pre>{@code
 * QmpClient qmp = QmpClient.create(QmpClientOptions.unix(Path.of("/run/vm1.qmp")).build());
 * qmp.events(StopEvent.class).subscribe(e -> log.info("paused at {}", e.timestamp()));   // before connecting: nothing missed
 * qmp.connect().block();
 * StatusInfo status = qmp.queryStatus().block();          // one generated method per schema command
 * qmp.execute(QmpCommands.STOP, null).block();            // or by descriptor
 * qmp.close().block();
 * }</pre>
 *
 * <p>Every command gets an id no other command in flight has (the lowest free one: QEMU reads a monitor a byte at a
 * time, so short requests are answered sooner) and is matched to its reply by id, so any number can be in flight; a
 * command alone on its connection goes without an id and takes the next reply without one (QEMU answers in-band
 * commands in order; {@link QmpClientOptions.Builder#alwaysSendIds} turns this off). Each has a
 * deadline (the configured default or the call's own); on timeout or cancellation its pending entry is removed and a
 * late reply is counted and dropped. When the connection ends, every pending command fails at once with a
 * {@link QmpConnectionException} saying why — except {@code quit}, whose reply may race the end of stream and which
 * therefore succeeds either way. Which thread runs what is described at {@link QmpClientOptions}.
 *
 * <p>Framework method names are reserved: no generated command method can take one (a command named like one gets
 * the suffix {@code Command}).
 */
public interface QmpClient extends QmpConnection, QmpCommandsApi {

    /**
     * A client for the monitor at {@code options.address()}, not connected yet: subscribe to its events and states,
     * then {@link #connect()}. Events that arrive during the handshake (QEMU may send some before its greeting) reach
     * the subscribers that were there.
     */
    static QmpClient create(QmpClientOptions options) {
        return new SessionClient(Objects.requireNonNull(options, "options"));
    }

    /**
     * {@link #create} and {@link #connect()} in one: completes with the ready client. Cancelling it (a timeout of the
     * caller's own, say) closes the client it was connecting: nobody else could, and a QEMU monitor serves one client.
     *
     * <pre>{@code
     * QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(socket).build()).block();
     * }</pre>
     */
    static Mono<QmpClient> connect(QmpClientOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            QmpClient client = create(options);
            return client.connect().doOnCancel(client::dispose);
        });
    }

    /**
     * Accept mode: listens at {@code options.address()} and returns a listener whose {@link QmpListener#accept()}
     * completes with a ready client when QEMU connects out ({@code -qmp unix:/path} without {@code server=on}).
     */
    static Mono<QmpListener> listen(QmpClientOptions options) {
        return QmpListener.bind(Objects.requireNonNull(options, "options"));
    }

    /**
     * Connects, reads the greeting and negotiates capabilities (out-of-band execution when offered and configured),
     * all within {@link QmpClientOptions#connectTimeout()}; completes with this client once it is READY. Repeated
     * subscriptions share the one connection attempt.
     *
     * <p>Fails with {@link QmpConnectionException} when the monitor cannot be reached or is not a QMP server; with
     * {@link QmpMonitorBusyException} when it accepted the connection but never greeted (QEMU does that while another
     * client holds the monitor); with {@link QmpTimeoutException} otherwise at the deadline. A peer that answers but
     * not as a QMP server fails the connect at once, not at the deadline, with a message naming what it sent. A Unix
     * socket whose listen queue is full is retried within the deadline. A fleet VM completes when its current
     * connection is ready. Cancelling a subscription does not abort the attempt, which other subscribers may share:
     * {@link #close()} does.
     *
     * <pre>{@code
     * QmpClient qmp = QmpClient.create(options);
     * qmp.events().subscribe(e -> log.info("{}", e));
     * qmp.connect().block(Duration.ofSeconds(15));
     * }</pre>
     */
    Mono<QmpClient> connect();

    /** Events by wire name ({@code events("STOP", "RESUME")}), including ones the schema does not know. */
    Flux<QmpEvent> events(String... names);

    /** True when out-of-band execution was negotiated. */
    boolean oobEnabled();

    /** The settings this client connects with. */
    QmpClientOptions options();

    /** Commands sent and not yet answered, failed, timed out or cancelled. */
    int pendingCommands();
}
