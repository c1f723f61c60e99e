package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.testkit.QemuProcess;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * QMP over TLS with a real QEMU 7.2 ({@code tls-creds-x509}, {@code endpoint=server}), with certificates made by the
 * test ({@link TestCertificates}): server-only TLS, mutual TLS, and the connects that must fail at once and say why
 * (a CA that did not sign QEMU's certificate, no client certificate where QEMU asks for one, a TLS peer that is not
 * QMP), never by waiting out the deadline.
 */
class QemuTlsIT {
    private static final Duration T = Duration.ofSeconds(30);
    /** Long, so that a failure that waited for the deadline shows as a QmpTimeoutException, not as a pass. */
    private static final Duration CONNECT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
    }

    @Test
    void serverOnlyTlsWithTheCaFromPemFiles() {
        TestCertificates.Ca ca = TestCertificates.ca("qmp-sdk test CA");
        Path qemuCredentials = ca.serverDirectory(dir.resolve("qemu"));
        try (QemuProcess qemu = QemuProcess.builder().qmpTcpTls(0, qemuCredentials, false).start()) {
            QmpClient client = QmpClient.connect(options(qemu).tlsPem(ca.caFile(dir.resolve("ca.pem")), null, null).build()).block(T);
            try {
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
                assertTrue(client.greeting().offersOob());
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void mutualTlsWithANettySslContext() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("qmp-sdk test CA");
        Path qemuCredentials = ca.serverDirectory(dir.resolve("qemu"));
        TestCertificates.Client me = ca.client(dir.resolve("client"));
        try (QemuProcess qemu = QemuProcess.builder().qmpTcpTls(0, qemuCredentials, true).start()) {
            var tls = SslContextBuilder.forClient().trustManager(ca.caFile(dir.resolve("ca.pem")).toFile())
                    .keyManager(me.certificate().toFile(), me.key().toFile()).build();
            QmpClient client = QmpClient.connect(options(qemu).tls(tls).build()).block(T);
            try {
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aCaThatDidNotSignTheServerFailsTheConnectSayingSo() {
        TestCertificates.Ca ca = TestCertificates.ca("qmp-sdk test CA");
        TestCertificates.Ca other = TestCertificates.ca("some other CA");
        try (QemuProcess qemu = QemuProcess.builder().qmpTcpTls(0, ca.serverDirectory(dir.resolve("qemu")), false).start()) {
            QmpConnectionException e = connectFails(options(qemu).tlsPem(other.caFile(dir.resolve("other.pem")), null, null).build());
            assertTrue(e.getMessage().contains("TLS handshake failed") && e.getMessage().contains("tcp:127.0.0.1:" + qemu.tcpPort()), e.getMessage());
        }
    }

    @Test
    void noClientCertificateWhereQemuVerifiesPeersFailsTheConnectSayingSo() {
        TestCertificates.Ca ca = TestCertificates.ca("qmp-sdk test CA");
        try (QemuProcess qemu = QemuProcess.builder().qmpTcpTls(0, ca.serverDirectory(dir.resolve("qemu")), true).start()) {
            QmpConnectionException e = connectFails(options(qemu).tlsPem(ca.caFile(dir.resolve("ca.pem")), null, null).build());
            assertTrue(e.getMessage().contains("TLS") && e.getMessage().contains("client certificate"), e.getMessage());
        }
    }

    @Test
    void aTlsPeerThatIsNotQmpFailsTheConnectQuotingWhatItSent() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("qmp-sdk test CA");
        Path credentials = ca.serverDirectory(dir.resolve("ssh"));
        var serverTls = SslContextBuilder.forServer(credentials.resolve("server-cert.pem").toFile(), credentials.resolve("server-key.pem").toFile()).build();
        DisposableServer notQmp = TcpServer.create().host("127.0.0.1").port(0).secure(spec -> spec.sslContext(serverTls))
                .handle((in, out) -> out.sendString(Mono.just("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")).then(Mono.never()))
                .bindNow();
        try {
            QmpConnectionException e = connectFails(QmpClientOptions.tcp("127.0.0.1", notQmp.port()).connectTimeout(CONNECT)
                    .tlsPem(ca.caFile(dir.resolve("ca.pem")), null, null).build());
            assertTrue(e.getMessage().contains("SSH-2.0"), e.getMessage());
        } finally {
            notQmp.disposeNow();
        }
    }

    @Test
    void tlsOptionsAreCheckedWhenSet() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("qmp-sdk test CA");
        Path caFile = ca.caFile(dir.resolve("ca.pem"));
        IllegalArgumentException half = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> QmpClientOptions.tcp("127.0.0.1", 1).tlsPem(caFile, caFile, null));
        assertTrue(half.getMessage().contains("both"), half.getMessage());
        IllegalArgumentException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> QmpClientOptions.tcp("127.0.0.1", 1).tlsPem(dir.resolve("nope.pem"), null, null));
        assertTrue(missing.getMessage().contains("nope.pem"), missing.getMessage());
        var server = SslContextBuilder.forServer(ca.client(dir.resolve("c")).certificate().toFile(), dir.resolve("c/client-key.pem").toFile()).build();
        assertThrows(server);
    }

    private static void assertThrows(io.netty.handler.ssl.SslContext server) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> QmpClientOptions.tcp("127.0.0.1", 1).tls(server));
        assertTrue(e.getMessage().contains("client SslContext"), e.getMessage());
    }

    private static QmpClientOptions.Builder options(QemuProcess qemu) {
        return QmpClientOptions.tcp("127.0.0.1", qemu.tcpPort()).connectTimeout(CONNECT);
    }

    private static QmpConnectionException connectFails(QmpClientOptions options) {
        Throwable failure = QemuFdPassingIT.failure(QmpClient.connect(options));
        // A connect that waited out its deadline fails with a QmpTimeoutException (or QmpMonitorBusyException): not this.
        assertTrue(!(failure instanceof QmpTimeoutException) && !(failure instanceof dev.qmpsdk.core.QmpMonitorBusyException),
                "failed by waiting out the deadline: " + failure);
        return assertInstanceOf(QmpConnectionException.class, failure);
    }
}
