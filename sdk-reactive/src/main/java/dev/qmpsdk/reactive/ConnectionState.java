package dev.qmpsdk.reactive;

/** The life of one monitor connection, as {@link QmpClient#states()} reports it. */
public enum ConnectionState {
    /** Opening the socket (or waiting for QEMU to connect, in accept mode). */
    CONNECTING,
    /** Connected; waiting for the greeting and the answer to {@code qmp_capabilities}. */
    NEGOTIATING,
    /** Commands can be sent. */
    READY,
    /** The connection was lost and a new one will be tried (fleet members with a reconnect policy). */
    RECONNECTING,
    /** Closed cleanly: by {@link QmpClient#close()}, after {@code quit}, or by the server at end of stream. */
    CLOSED,
    /** Ended by an error: connect failure, handshake failure, transport error. */
    FAILED;

    /** True for the states after which nothing more happens. */
    public boolean isTerminal() {
        return this == CLOSED || this == FAILED;
    }
}
