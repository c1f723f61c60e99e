package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The end of a connection as callers see it: states, error types, and how fast a fleet lets go. */
class QmpClientLifecycleTest {

    @Test
    void pendingCommandsSeeATerminalStateInTheirErrorCallbacks() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.never())) {
            QmpClient client = connect(server);
            AtomicReference<ConnectionState> seen = new AtomicReference<>();
            CompletableFuture<?> pending = client.execute(QmpCommands.QUERY_STATUS, null)
                    .doOnError(e -> seen.set(client.state())).toFuture();
            server.awaitRequest("query-status", T);
            server.dropConnections();
            assertInstanceOf(QmpConnectionException.class, QmpClientCommandTest.unwrap(pending.handle((v, x) -> x).get(T.toSeconds(), TimeUnit.SECONDS)));
            assertTrue(seen.get().isTerminal(), "state in the command's error callback: " + seen.get());
        }
    }

    @Test
    void argumentsThatCannotBeWrittenFailWithAnSdkException() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.putPOJO("thing", new Object());   // Jackson has no serializer for it
            CompletableFuture<?> result = client.executeRaw("x-anything", args).toFuture();
            Throwable e = QmpClientCommandTest.unwrap(result.handle((v, x) -> x).join());
            assertInstanceOf(QmpException.class, e, () -> "got " + e);
            assertTrue(e.getMessage().contains("x-anything"), e.getMessage());
            client.close().block(T);
        }
    }

    /** Many threads subscribing commands while the server ends the stream: every failure is an SDK exception. */
    @Test
    void commandsSubscribedWhileTheConnectionEndsFailWithSdkExceptionsOnly() throws Exception {
        Queue<Throwable> foreign = new ConcurrentLinkedQueue<>();
        try (FakeQmpServer server = FakeQmpServer.startUnix().on("query-status", Reply.never())) {
            for (int round = 0; round < 40; round++) {
                QmpClient client = connect(server);
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch started = new CountDownLatch(4);
                Thread[] threads = new Thread[4];
                for (int t = 0; t < threads.length; t++) {
                    threads[t] = new Thread(() -> {
                        started.countDown();
                        while (!stop.get()) {
                            try {
                                client.execute(QmpCommands.QUERY_STATUS, null, Duration.ofSeconds(30))
                                        .subscribe(v -> { }, e -> {
                                            if (!(e instanceof QmpException)) {
                                                foreign.add(e);
                                            }
                                        });
                            } catch (RuntimeException e) {
                                foreign.add(e);
                            }
                            if (client.state().isTerminal()) {
                                return;
                            }
                        }
                    });
                    threads[t].start();
                }
                started.await();
                server.dropConnections();
                for (Thread t : threads) {
                    t.join(T.toMillis());
                }
                stop.set(true);
                client.close().block(T);
            }
        }
        assertEquals(List.of(), List.copyOf(foreign));
    }

    @Test
    void anIdleFleetClosesWithoutWaitingOutAQuietPeriod() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpFleet fleet = QmpFleet.create();
            fleet.add("vm", options(server).build()).block(T);
            // Netty's default loop shutdown waits out a 2 s quiet period; a closed fleet has nothing left to run.
            fleet.close().block(Duration.ofSeconds(1));
            assertTrue(fleet.isDisposed());
        }
    }
}
