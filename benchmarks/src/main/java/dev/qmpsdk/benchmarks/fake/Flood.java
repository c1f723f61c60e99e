package dev.qmpsdk.benchmarks.fake;

import java.util.concurrent.CompletableFuture;

/**
 * One flood of events to the connections that were open when it started; done when every one of them has had
 * its events written, was stopped or closed. Only the selector thread touches it.
 */
final class Flood {
    private final EventBatch batch;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private int connectionsLeft;
    private long written;

    Flood(EventBatch batch, int connections) {
        this.batch = batch;
        this.connectionsLeft = connections;
        if (connections == 0) {
            done.complete(0L);
        }
    }

    EventBatch batch() {
        return batch;
    }

    void written(int events) {
        written += events;
    }

    void connectionDone() {
        if (--connectionsLeft == 0) {
            done.complete(written);
        }
    }

    /** Completes with the number of events written once the flood is over on every connection. */
    CompletableFuture<Long> done() {
        return done;
    }
}
