package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.options;
import static dev.qmpsdk.reactive.FakeServers.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpMonitorBusyException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpRequest;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Connecting and negotiating capabilities against servers that behave oddly. */
class QmpClientHandshakeTest {

    @Test
    void eventsBeforeTheGreetingAndBeforeTheCapabilitiesReplyAreEventsNotReplies() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .eventsBeforeGreeting("RESUME", "POWERDOWN")
                .on("qmp_capabilities", Reply.ok().precededBy("STOP").precededBy("RESUME"))
                .on("query-status", Reply.ok("{\"status\": \"running\", \"singlestep\": false, \"running\": true}"))) {
            QmpClient client = connect(server);
            assertEquals(ConnectionState.READY, client.state());
            // Two events before the greeting and two between greeting and reply: all four decoded as events.
            assertEquals(4, client.stats().eventsReceived());
            assertEquals(0, client.stats().unknownIdReplies());
            assertEquals(0, client.stats().protocolErrors());
            assertEquals(1, client.stats().repliesReceived());
            assertTrue(client.execute(QmpCommands.QUERY_STATUS, null).block(T).running());
            client.close().block(T);
        }
    }

    @Test
    void oobIsRequestedOnlyWhenOffered() {
        try (FakeQmpServer server = FakeQmpServer.startUnix().greeting(new QmpGreeting(7, 2, 0, "", List.of()))) {
            QmpClient client = connect(server);
            assertFalse(client.oobEnabled());
            QmpRequest caps = server.awaitRequest("qmp_capabilities", T);
            assertTrue(caps.arguments() == null || !caps.arguments().has("enable"), "capabilities request: " + caps);
            client.close().block(T);
        }
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            assertTrue(client.oobEnabled());
            QmpRequest caps = server.awaitRequest("qmp_capabilities", T);
            assertEquals("oob", caps.arguments().path("enable").path(0).asText(), "capabilities request: " + caps);
            client.close().block(T);
        }
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(options(server).requestOob(false).build());
            assertFalse(client.oobEnabled());
            QmpRequest caps = server.awaitRequest("qmp_capabilities", T);
            assertTrue(caps.arguments() == null || !caps.arguments().has("enable"), "capabilities request: " + caps);
            client.close().block(T);
        }
    }

    @Test
    void subscribersThatCameBeforeConnectSeeTheEventsOfTheHandshake() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .eventsBeforeGreeting("RESUME", "POWERDOWN")
                .on("qmp_capabilities", Reply.ok().precededBy("STOP").precededBy("RESET"))) {
            QmpClient client = QmpClient.create(options(server).build());
            assertEquals(ConnectionState.CONNECTING, client.state());
            CompletableFuture<List<String>> all = client.events().map(QmpEvent::eventName).take(4).collectList().toFuture();
            CompletableFuture<StopEvent> stop = client.events(StopEvent.class).next().toFuture();
            assertSame(client, client.connect().block(T));
            // Two events before the greeting, two between the greeting and the reply to qmp_capabilities.
            assertEquals(List.of("RESUME", "POWERDOWN", "STOP", "RESET"), all.get(T.toSeconds(), TimeUnit.SECONDS));
            assertEquals("STOP", stop.get(T.toSeconds(), TimeUnit.SECONDS).eventName());
            // connect() again: the same connection, not a second one.
            assertSame(client, client.connect().block(T));
            assertEquals(1, server.acceptedCount());
            client.close().block(T);
        }
    }

    @Test
    void aCommandBeforeConnectFailsSayingSo() {
        QmpClient client = QmpClient.create(QmpClientOptions.unix(Path.of("/nonexistent/qmp.sock")).build());
        StepVerifier.create(client.queryStatus())
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(QmpConnectionException.class, e);
                    assertTrue(e.getMessage().contains("connect() first"), e.getMessage());
                })
                .verify(T);
        client.close().block(T);
        assertEquals(ConnectionState.CLOSED, client.state());
        StepVerifier.create(client.connect())
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("closed before it connected"), e.getMessage()))
                .verify(T);
    }

    @Test
    void aServerThatAcceptsButNeverGreetsFailsAsABusyMonitorAfterTheConnectTimeout() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            server.stopResponding();
            Duration timeout = Duration.ofMillis(300);
            long start = System.nanoTime();
            StepVerifier.create(QmpClient.connect(options(server).connectTimeout(timeout).build()))
                    .expectErrorSatisfies(e -> {
                        // What QEMU does while another client holds the monitor: the message says so.
                        QmpMonitorBusyException busy = assertInstanceOf(QmpMonitorBusyException.class, e);
                        assertTrue(e.getMessage().contains(server.socketPath().toString()), e.getMessage());
                        assertTrue(e.getMessage().contains("in use by another client"), e.getMessage());
                        assertEquals(timeout, busy.waited());
                    })
                    .verify(T);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(timeout) >= 0);
            // The client closed its half-open connection: once the fake reads again it sees the end of stream
            // (a leaked connection would get its greeting now and stay open).
            server.resumeResponding();
            server.awaitConnectionCount(0, T);
        }
    }

    @Test
    void aPeerThatIsNotAQmpServerFailsTheConnect(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("not-qmp.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            Thread peer = new Thread(() -> {
                try (SocketChannel c = listener.accept()) {
                    c.write(ByteBuffer.wrap("SSH-2.0-OpenSSH_9.2\r\nProtocol mismatch.\r\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    // the test fails on the client side if this did not happen
                }
            }, "not-qmp-peer");
            peer.setDaemon(true);
            peer.start();
            StepVerifier.create(QmpClient.connect(QmpClientOptions.unix(socket).connectTimeout(T).build()))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QmpConnectionException.class, e);
                        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
                        assertTrue(e.getMessage().contains("expected a QMP greeting"), e.getMessage());
                        assertTrue(e.getMessage().contains("SSH-2.0-OpenSSH_9.2"), "names what arrived: " + e.getMessage());
                    })
                    .verify(T);
            peer.join(T.toMillis());
        }
    }

    @Test
    void aFullListenQueueIsRetriedUntilTheMonitorAccepts(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("busy.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket), 1);
            List<SocketChannel> queued = fillListenQueue(socket);
            CompletableFuture<QmpClient> connecting = QmpClient.connect(QmpClientOptions.unix(socket).connectTimeout(T).build()).toFuture();
            // Several refused attempts later the client is still trying (a single attempt would have failed by now).
            Thread.sleep(300);
            assertFalse(connecting.isDone(), "gave up on a full listen queue: " + connecting);
            for (SocketChannel c : queued) {
                c.close();
            }
            Thread server = greetEveryone(listener);
            QmpClient client = connecting.get(T.toSeconds(), TimeUnit.SECONDS);
            assertEquals(ConnectionState.READY, client.state());
            client.close().block(T);
            server.interrupt();
        }
    }

    @Test
    void aListenQueueThatStaysFullFailsBeforeTheDeadlineNamingTheCause(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("hung.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket), 1);
            List<SocketChannel> queued = fillListenQueue(socket);
            StepVerifier.create(QmpClient.connect(QmpClientOptions.unix(socket).connectTimeout(Duration.ofSeconds(1)).build()))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QmpConnectionException.class, e);
                        assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
                        assertTrue(e.getMessage().contains("listen queue is full"), e.getMessage());
                    })
                    .verify(T);
            for (SocketChannel c : queued) {
                c.close();
            }
        }
    }

    /** Connects without being accepted until the kernel refuses more (EAGAIN on a non-blocking connect). */
    private static List<SocketChannel> fillListenQueue(Path socket) throws IOException {
        List<SocketChannel> queued = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.configureBlocking(false);
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
                queued.add(c);
            } catch (IOException full) {
                c.close();
                return queued;
            }
        }
        throw new AssertionError("the listen queue of " + socket + " never filled up");
    }

    /** A minimal monitor: greets each accepted connection and answers its qmp_capabilities. */
    private static Thread greetEveryone(ServerSocketChannel listener) {
        Thread server = new Thread(() -> {
            try {
                while (true) {
                    greet(listener.accept());
                }
            } catch (IOException closed) {
                // the listener was closed at the end of the test
            }
        }, "greeter");
        server.setDaemon(true);
        server.start();
        return server;
    }

    private static void greet(SocketChannel c) {
        try (c) {
            c.write(ByteBuffer.wrap("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"\"}, \"capabilities\": []}}\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(4096);
            StringBuilder text = new StringBuilder();
            while (!text.toString().contains("qmp_capabilities") && c.read(in) > 0) {
                text.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
                in.clear();
            }
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(text);
            if (id.find()) {
                c.write(ByteBuffer.wrap(("{\"return\": {}, \"id\": " + id.group(1) + "}\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            // stay open until the client closes
            int n;
            do {
                n = c.read(in.clear());
            } while (n >= 0);
        } catch (IOException gone) {
            // one of the queued connections the test had already closed
        }
    }

    @Test
    void aMissingSocketFailsWithAMessageNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-vm.qmp");
        assertFalse(Files.exists(missing));
        StepVerifier.create(QmpClient.connect(QmpClientOptions.unix(missing).build()))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(QmpConnectionException.class, e);
                    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
                    assertTrue(e.getMessage().contains("server=on"), "says what to do: " + e.getMessage());
                })
                .verify(T);
    }

    @Test
    void aFailedCapabilitiesNegotiationIsAConnectionError() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()
                .on("qmp_capabilities", Reply.error("GenericError", "no capabilities for you"))) {
            StepVerifier.create(QmpClient.connect(options(server).build()))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QmpConnectionException.class, e);
                        assertTrue(e.getMessage().contains("no capabilities for you"), e.getMessage());
                    })
                    .verify(T);
            server.awaitConnectionCount(0, T);
        }
    }

    @Test
    void theGreetingIsKept() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            QmpGreeting g = client.greeting();
            assertEquals(7, g.major());
            assertEquals(2, g.minor());
            client.close().block(T);
        }
    }
}
