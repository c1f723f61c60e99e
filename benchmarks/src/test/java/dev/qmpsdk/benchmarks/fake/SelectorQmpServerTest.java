package dev.qmpsdk.benchmarks.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.benchmarks.RawHandshakes;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorQmpServerTest {
    @TempDir
    Path dir;

    @Test
    void greetsInsistsOnNegotiationAndAnswersByIdVerbatim() throws Exception {
        try (SelectorQmpServer server = SelectorQmpServer.start(dir.resolve("s.sock"));
             Client c = new Client(server.socketPath())) {
            assertTrue(c.next().startsWith("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}"), "greeting");
            c.send("{\"execute\": \"query-status\", \"id\": 1}");
            assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities negotiation with "
                    + "'qmp_capabilities'\"}, \"id\": 1}", c.next());
            // split across writes, whitespace between requests, an id that is an object, braces inside strings
            c.send("{\"execute\": \"qmp_capa");
            c.send("bilities\", \"arguments\": {\"enable\": [\"oob\"]}, \"id\": {\"a\": [1, \"}\"]}}\r\n  ");
            assertEquals("{\"return\": {}, \"id\": {\"a\": [1, \"}\"]}}", c.next());
            c.send("{\"id\": \"x\\\"y\", \"execute\": \"query-status\"}{\"execute\": \"quit\", \"id\": 3}");
            assertEquals("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": \"x\\\"y\"}", c.next());
            assertEquals("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command quit has not been found\"}, \"id\": 3}",
                    c.next());
            assertEquals(new SelectorQmpServer.Stats(1, 1, 4), server.stats().get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void floodsEveryNegotiatedConnectionAndStillAnswersCommands() throws Exception {
        try (SelectorQmpServer server = SelectorQmpServer.start(dir.resolve("s.sock"))) {
            List<SocketChannel> negotiated = RawHandshakes.connectAll(server.socketPath(), 3, 2, Duration.ofSeconds(10));
            try (Client greetedOnly = new Client(server.socketPath())) {
                greetedOnly.next();
                List<Client> clients = new ArrayList<>();
                for (SocketChannel ch : negotiated) {
                    ch.configureBlocking(true);
                    clients.add(new Client(ch));
                }
                CompletableFuture<Long> flood = server.flood(5_000, "STOP");
                Client first = clients.get(0);
                first.send("{\"execute\": \"query-status\", \"id\": 9}");
                int events = 0;
                boolean replied = false;
                while (events < 5_000 || !replied) {
                    String m = first.next();
                    if (m.startsWith("{\"timestamp\": {\"seconds\": ") && m.endsWith("\"event\": \"STOP\"}")) {
                        events++;
                    } else {
                        assertTrue(m.endsWith("\"id\": 9}"), m);
                        replied = true;
                    }
                }
                for (Client c : clients.subList(1, 3)) {
                    for (int i = 0; i < 5_000; i++) {
                        assertTrue(c.next().endsWith("\"event\": \"STOP\"}"));
                    }
                }
                assertEquals(15_000L, flood.get(10, TimeUnit.SECONDS), "events written to the three negotiated connections only");
                greetedOnly.send("{\"execute\": \"qmp_capabilities\", \"id\": 1}");
                assertEquals("{\"return\": {}, \"id\": 1}", greetedOnly.next(), "no event reached the connection that had not negotiated");
                for (Client c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void anEndlessFloodStopsAndReportsWhatItWrote() throws Exception {
        try (SelectorQmpServer server = SelectorQmpServer.start(dir.resolve("s.sock"))) {
            SocketChannel ch = RawHandshakes.connectAll(server.socketPath(), 1, 1, Duration.ofSeconds(10)).get(0);
            ch.configureBlocking(true);
            try (Client c = new Client(ch)) {
                CompletableFuture<Long> flood = server.flood(Long.MAX_VALUE, "STOP");
                for (int i = 0; i < 20_000; i++) {
                    c.next();
                }
                server.stopFloods().get(10, TimeUnit.SECONDS);
                c.send("{\"execute\": \"query-status\", \"id\": 2}");
                long events = 20_000;
                for (String m = c.next(); !m.endsWith("\"id\": 2}"); m = c.next()) {
                    assertTrue(m.endsWith("\"event\": \"STOP\"}"), m);
                    events++;
                }
                assertEquals(events, flood.get(10, TimeUnit.SECONDS), "the flood reports every event read before the reply");
            }
        }
    }

    /** A blocking test client that reads whole messages. */
    private static final class Client implements AutoCloseable {
        private final SocketChannel channel;
        private final FrameScanner scanner = new FrameScanner();
        private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

        Client(Path socket) throws IOException {
            this(SocketChannel.open(StandardProtocolFamily.UNIX));
            channel.connect(UnixDomainSocketAddress.of(socket));
        }

        Client(SocketChannel channel) {
            this.channel = channel;
            in.flip();
        }

        void send(String s) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** The next message, without the line end. */
        String next() throws IOException {
            while (true) {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (!scanner.inValue() && b != '{') {
                        continue;
                    }
                    frame.write(b);
                    if (scanner.feed(b)) {
                        String s = frame.toString(StandardCharsets.UTF_8);
                        frame.reset();
                        return s;
                    }
                }
                in.clear();
                if (channel.read(in) < 0) {
                    throw new EOFException("the server closed the connection");
                }
                in.flip();
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
