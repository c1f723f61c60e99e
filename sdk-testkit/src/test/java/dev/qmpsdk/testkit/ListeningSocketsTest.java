package dev.qmpsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start check reads the kernel's socket tables and never connects (connecting and hanging up can crash QEMU 7.2). */
class ListeningSocketsTest {
    @BeforeAll
    static void kernelTablesAreReadable() {
        assertTrue(Files.isReadable(ListeningSockets.UNIX_TABLE) && Files.isReadable(ListeningSockets.TCP_TABLE),
                "QemuProcess needs Linux's " + ListeningSockets.UNIX_TABLE + " and " + ListeningSockets.TCP_TABLE
                        + " to see QEMU listen without connecting; run the tests on Linux");
    }

    @Test
    void seesAUnixSocketListenOnlyOnceItListensAndNeverConnects(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("with space.sock");
        assertEquals(Optional.of(false), ListeningSockets.unixListening(path), "nothing bound yet");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            assertEquals(Optional.of(true), ListeningSockets.unixListening(path));
            assertEquals(Optional.of(false), ListeningSockets.unixListening(dir.resolve("other.sock")));
            server.configureBlocking(false);
            assertNull(server.accept(), "the check must not have connected to the socket");
        }
        assertEquals(Optional.of(false), ListeningSockets.unixListening(path), "closed: no longer listening");
    }

    @Test
    void seesALoopbackTcpPortListenAndNeverConnects() throws IOException {
        int port;
        // IPv4 like QEMU's tcp:127.0.0.1 (a dual-stack Java socket would be listed in /proc/net/tcp6).
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            assertEquals(Optional.of(true), ListeningSockets.loopbackTcpListening(port));
            server.configureBlocking(false);
            assertNull(server.accept(), "the check must not have connected to the port");
        }
        assertEquals(Optional.of(false), ListeningSockets.loopbackTcpListening(port), "closed: no longer listening");
    }

    @Test
    void namesTheSignalThatEndedAProcess() {
        assertEquals("exited with code 1", ExitStatus.describe(1));
        assertEquals("exited with code 0", ExitStatus.describe(0));
        assertEquals("exited with code 139 (128+11: killed by SIGSEGV, a crash)", ExitStatus.describe(139));
        assertEquals("exited with code 137 (128+9: killed by SIGKILL)", ExitStatus.describe(137));
        assertEquals("exited with code 162 (128+34: killed by signal 34)", ExitStatus.describe(162));
    }
}
