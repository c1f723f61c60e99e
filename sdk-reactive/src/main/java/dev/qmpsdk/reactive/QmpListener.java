package dev.qmpsdk.reactive;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.reactive.internal.QmpSession;
import dev.qmpsdk.reactive.internal.SessionClient;
import dev.qmpsdk.reactive.internal.Transport;
import dev.qmpsdk.reactive.internal.LoopTimer;
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
 * QmpListener listener = QmpClient.listen(QmpClientOptions.unix(Path.of("/run/vm1.qmp")).build()).block();
 * startQemu("-qmp", "unix:/run/vm1.qmp");
 * QmpClient qmp = listener.accept().block();
 * }</pre>
 */
public final class QmpListener implements Disposable {
    private final QmpClientOptions options;
    private final DisposableServer server;
    private final Sinks.One<QmpClient> accepted;
    private final AtomicBoolean closed = new AtomicBoolean();

    private QmpListener(QmpClientOptions options, DisposableServer server, Sinks.One<QmpClient> accepted) {
        this.options = options;
        this.server = server;
        this.accepted = accepted;
    }

    static Mono<QmpListener> bind(QmpClientOptions options) {
        return Mono.defer(() -> {
            if (options.address() instanceof QmpAddress.Unix unix) {
                try {
                    Transport.checkTransport(unix);
                    Files.deleteIfExists(unix.path());
                } catch (QmpException e) {
                    return Mono.error(e);
                } catch (IOException e) {
                    return Mono.error(new QmpConnectionException("cannot replace the old socket file " + unix.path() + ": " + e.getMessage(), e));
                }
            }
            Sinks.One<QmpClient> accepted = Sinks.one();
            AtomicBoolean taken = new AtomicBoolean();
            return TcpServer.create()
                    .runOn(Transport.loop(options), true)
                    .bindAddress(() -> options.address().toSocketAddress())
                    .doOnConnection(conn -> {
                        if (!taken.compareAndSet(false, true)) {
                            conn.dispose();
                            return;
                        }
                        QmpSession session = new QmpSession(options);
                        session.accept(conn).then(Mono.fromSupplier(() -> new SessionClient(session)))
                                .subscribe(accepted::tryEmitValue, accepted::tryEmitError);
                    })
                    .bind()
                    .onErrorMap(e -> !(e instanceof QmpException),
                            e -> new QmpConnectionException("cannot listen at " + options.address() + ": " + Transport.describe(e), e))
                    .map(server -> new QmpListener(options, server, accepted));
        });
    }

    /** The address QEMU should connect to. */
    public QmpAddress address() {
        return options.address();
    }

    /**
     * Completes with a ready client once QEMU has connected and the handshake is done; the listener then
     * stops listening. Fails after {@code timeout}.
     */
    public Mono<QmpClient> accept(java.time.Duration timeout) {
        return accepted.asMono()
                .timeout(LoopTimer.delay(Transport.loop(options).onServer(true), timeout), Mono.error(() -> new QmpTimeoutException("waiting for QEMU to connect to " + options.address(), timeout)))
                .doFinally(s -> dispose());
    }

    /** {@link #accept(java.time.Duration)} with the configured connect timeout. */
    public Mono<QmpClient> accept() {
        return accept(options.connectTimeout());
    }

    @Override
    public void dispose() {
        if (closed.compareAndSet(false, true)) {
            server.dispose();
            if (options.address() instanceof QmpAddress.Unix unix) {
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
