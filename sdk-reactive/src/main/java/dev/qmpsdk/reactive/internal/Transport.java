package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTransportUnavailableException;
import dev.qmpsdk.reactive.QmpAddress;
import dev.qmpsdk.reactive.QmpClientOptions;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.SslContext;
import java.net.ConnectException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/** Opens monitor connections on the configured (or shared) event loop. */
public final class Transport {
    /** The first and the longest pause between connect attempts while the monitor's listen queue is full. */
    private static final Duration BACKLOG_RETRY_FIRST = Duration.ofMillis(5);
    private static final Duration BACKLOG_RETRY_MAX = Duration.ofMillis(100);

    private Transport() {}

    public static LoopResources loop(QmpClientOptions options) {
        LoopResources own = options.loopResources();
        return own != null ? own : SharedLoop.get();
    }

    /**
     * Connects and calls {@code attach} on the event loop as soon as the connection exists, before anything
     * is read from it, so that not even the greeting can be missed.
     */
    public static Mono<Connection> connect(QmpClientOptions config, Consumer<Connection> attach) {
        return Mono.defer(() -> {
            checkAddress(config.address());
            long lastRetryAt = System.nanoTime() + config.connectTimeout().minus(BACKLOG_RETRY_MAX.multipliedBy(2)).toNanos();
            // A supplier, not the Mono: the retry's operators stay referenced by the connection, and a captured Mono
            // would keep the whole client configuration alive with it.
            Supplier<Mono<Connection>> attempt = () -> Mono.<Connection>from(secured(config, TcpClient.newConnection()
                    .runOn(loop(config), true)
                    .remoteAddress(() -> config.address().toSocketAddress())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                    .doOnConnected(attach))
                    .connect());
            return retryWhileQueueFull(config, attempt, lastRetryAt, BACKLOG_RETRY_FIRST);
        });
    }

    /**
     * TLS for a monitor behind QEMU's {@code tls-creds-x509}: reactor-netty completes the handshake (within the connect
     * deadline) before the connection is handed to the session, and checks the server's name as HTTPS does.
     */
    private static TcpClient secured(QmpClientOptions config, TcpClient client) {
        SslContext tls = config.tls();
        return tls == null ? client : client.secure(spec -> spec.sslContext(tls).handshakeTimeout(config.connectTimeout()));
    }

    /**
     * A full listen queue is usually transient: QEMU takes one monitor client at a time, and a client that just left
     * (or a reconnect racing it) can still occupy the queue. Retry with a growing pause while the connect deadline
     * leaves room; near it, fail with the cause named instead of a bare timeout. Hand-rolled rather than
     * {@code retryWhen}, whose signal sink and queue stay referenced by the connection: ~1 KB per idle connection.
     */
    private static Mono<Connection> retryWhileQueueFull(QmpClientOptions config, Supplier<Mono<Connection>> attempt, long lastRetryAt,
                                                        Duration pause) {
        return attempt.get().onErrorResume(e -> isBacklogFull(e) && System.nanoTime() < lastRetryAt,
                e -> LoopTimer.delay(loop(config).onClient(true), pause).then(Mono.defer(() -> retryWhileQueueFull(config, attempt, lastRetryAt, next(pause)))));
    }

    private static Duration next(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(BACKLOG_RETRY_MAX) > 0 ? BACKLOG_RETRY_MAX : doubled;
    }

    /** A non-blocking connect to a Unix socket whose listen queue is full fails with EAGAIN. */
    static boolean isBacklogFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage();
            if (t instanceof ConnectException && msg != null && msg.contains("Resource temporarily unavailable")) {
                return true;
            }
        }
        return false;
    }

    /** Fails early with a message that says what to do, rather than a bare errno. */
    public static void checkAddress(QmpAddress address) {
        if (address instanceof QmpAddress.Unix unix) {
            checkTransport(unix);
            if (!Files.exists(unix.path())) {
                throw new QmpConnectionException("no QMP socket at " + unix.path()
                        + ": is QEMU running with -qmp unix:" + unix.path() + ",server=on,wait=off?");
            }
        }
    }

    /** Unix sockets need Netty's native epoll transport: fails naming the socket and what to use instead. */
    public static void checkTransport(QmpAddress.Unix unix) {
        if (!Epoll.isAvailable()) {
            throw new QmpTransportUnavailableException("cannot use the Unix socket " + unix.path() + ": Unix domain sockets need "
                    + "Netty's native epoll transport, which is not available here (" + Epoll.unavailabilityCause() + "); use a TCP "
                    + "monitor (-qmp tcp:HOST:PORT,server=on)", Epoll.unavailabilityCause());
        }
    }

    /** A short, human description of a connection failure. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        if (root instanceof ConnectException && root.getMessage() != null && root.getMessage().contains("Permission denied")) {
            return "permission denied (check the socket's owner and mode)";
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                Throwable cause = t;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                return "the TLS handshake failed: " + t.getMessage() + (cause != t ? " (" + cause.getMessage() + ")" : "")
                        + " (check that QmpClientOptions.tls trusts the CA that signed QEMU's server certificate, that the certificate "
                        + "names the host connected to, and that a client certificate is configured when QEMU has verify-peer=on)";
            }
        }
        if (isBacklogFull(root)) {
            return "the monitor is not accepting connections (its listen queue is full: another client may hold it, "
                    + "or QEMU is paused or hung)";
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }
}
