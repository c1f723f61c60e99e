package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.fail;

import dev.qmpsdk.testkit.FakeQmpServer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Helpers shared by the fake-server tests of the reactive client. */
final class FakeServers {
    /** The deadline of every wait that should succeed at once; generous for a busy 2-core machine. */
    static final Duration T = Duration.ofSeconds(10);

    private FakeServers() {}

    /** Options for the fake server with short deadlines; add settings and {@code build()}. */
    static QmpClientOptions.Builder options(FakeQmpServer server) {
        return QmpClientOptions.unix(server.socketPath()).connectTimeout(T).commandTimeout(T);
    }

    /**
     * The id member of a hand-written reply to {@code request}: {@code , "id": N}, or nothing for a request sent without
     * an id (a command alone on its connection), which QEMU answers without one.
     */
    static String idMember(dev.qmpsdk.core.protocol.QmpRequest request) {
        return request.id() == null ? "" : ", \"id\": " + request.id();
    }

    static QmpClient connect(FakeQmpServer server) {
        return connect(options(server).build());
    }

    static QmpClient connect(QmpClientOptions options) {
        QmpClient client = QmpClient.connect(options).block(T);
        if (client == null) {
            throw new AssertionError("connect completed empty");
        }
        return client;
    }

    /** Polls until the condition holds (a few ms apart), failing with the description after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static void await(BooleanSupplier condition, Supplier<String> what) {
        await(condition, T, what);
    }
}
