package dev.qmpsdk.reactive;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.reactive.internal.LoopTimer;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * Accept mode: a socket the client listens on until QEMU connects to it ({@code -qmp unix:/path} or
 * {@code -qmp tcp:host:port} without {@code server=on}), as QEMU's own Python library offers. One
 * listener accepts one connection and then stops listening.
 *
 * <pre>{@code
 * QmpListener listener = QmpClient.listen(QmpClientConfig.unix(Path.of("/run/vm1.qmp"))).block();
 * startQemu("-qmp", "unix:/run/vm1.qmp");
 * QmpClient qmp = listener.accept().block();
 * }</pre>
 */
public final class QmpListener implements Disposable {
    private final QmpClientConfig config;
    private final DisposableServer server;
    private final Sinks.One<QmpClient> accepted;
    private final AtomicBoolean closed = new AtomicBoolean();

    private QmpListener(QmpClientConfig config, DisposableServer server, Sinks.One<QmpClient> accepted) {
        this.config = config;
        this.server = server;
        this.accepted = accepted;
    }

    static Mono<QmpListener> bind(QmpClientConfig config) {
        return Mono.defer(() -> {
            if (config.address() instanceof QmpAddress.Unix unix) {
                if (!Epoll.isAvailable()) {
                    return Mono.error(new UnsupportedOperationException("accepting on a Unix socket needs Netty's native epoll transport"));
                }
                try {
                    Files.deleteIfExists(unix.path());
                } catch (IOException e) {
                    return Mono.error(new QmpConnectionException("cannot replace the old socket file " + unix.path() + ": " + e.getMessage(), e));
                }
            }
            Sinks.One<QmpClient> accepted = Sinks.one();
            AtomicBoolean taken = new AtomicBoolean();
            return TcpServer.create()
                    .runOn(Transport.loop(config), true)
                    .bindAddress(() -> config.address().toSocketAddress())
                    .doOnConnection(conn -> {
                        if (!taken.compareAndSet(false, true)) {
                            conn.dispose();
                            return;
                        }
                        QmpClient client = new QmpClient(config);
                        client.attach(conn);
                        client.handshake().subscribe(accepted::tryEmitValue, e -> {
                            client.fail(e);
                            accepted.tryEmitError(e);
                        });
                    })
                    .bind()
                    .onErrorMap(e -> !(e instanceof QmpException),
                            e -> new QmpConnectionException("cannot listen at " + config.address() + ": " + Transport.describe(e), e))
                    .map(server -> new QmpListener(config, server, accepted));
        });
    }

    /** The address QEMU should connect to. */
    public QmpAddress address() {
        return config.address();
    }

    /**
     * Completes with a ready client once QEMU has connected and the handshake is done; the listener then
     * stops listening. Fails after {@code timeout}.
     */
    public Mono<QmpClient> accept(java.time.Duration timeout) {
        return accepted.asMono()
                .timeout(LoopTimer.delay(Transport.loop(config).onServer(true), timeout), Mono.error(() -> new QmpTimeoutException("waiting for QEMU to connect to " + config.address(), timeout)))
                .doFinally(s -> dispose());
    }

    /** {@link #accept(java.time.Duration)} with the configured connect timeout. */
    public Mono<QmpClient> accept() {
        return accept(config.connectTimeout());
    }

    @Override
    public void dispose() {
        if (closed.compareAndSet(false, true)) {
            server.dispose();
            if (config.address() instanceof QmpAddress.Unix unix) {
                try {
                    Files.deleteIfExists(unix.path());
                } catch (IOException ignored) {
                    // The socket file is only a name; a leftover one is replaced by the next bind.
                }
            }
        }
    }

    @Override
    public boolean isDisposed() {
        return closed.get();
    }
}
