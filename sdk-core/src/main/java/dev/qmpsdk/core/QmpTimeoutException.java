package dev.qmpsdk.core;

import java.time.Duration;

/** A command or connection attempt did not complete within its deadline. */
public class QmpTimeoutException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public QmpTimeoutException(String what, Duration timeout) {
        super(what + " did not complete within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
