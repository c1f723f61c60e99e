package dev.qmpsdk.core;

import java.time.Duration;

/**
 * The monitor accepted the connection but sent no greeting before the connect deadline. QEMU serves one client per
 * monitor at a time and leaves a second one connected but unanswered, so this almost always means another client
 * (another program, a forgotten {@code socat}, a previous run that did not close) holds the monitor; a paused or hung
 * QEMU looks the same.
 *
 * <pre>{@code
 * try {
 *     QmpClient.connect(options).block();
 * } catch (QmpMonitorBusyException e) {
 *     log.warn("{}: try again later or give the VM a second monitor (-qmp ...)", e.getMessage());
 * }
 * }</pre>
 */
public class QmpMonitorBusyException extends QmpConnectionException {
    private static final long serialVersionUID = 1L;

    private final Duration waited;

    public QmpMonitorBusyException(String message, Duration waited) {
        super(message);
        this.waited = waited;
    }

    /** How long the client waited for the greeting. */
    public Duration waited() {
        return waited;
    }
}
