package dev.qmpsdk.reactive;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import java.net.ConnectException;
import java.nio.file.Files;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

/** Opens monitor connections on the configured (or shared) event loop. */
final class Transport {
    private Transport() {}

    static LoopResources loop(QmpClientConfig config) {
        return config.loopResources() != null ? config.loopResources() : SharedLoop.get();
    }

    /**
     * Connects and calls {@code attach} on the event loop as soon as the connection exists, before anything
     * is read from it, so that not even the greeting can be missed.
     */
    static Mono<Connection> connect(QmpClientConfig config, Consumer<Connection> attach) {
        return Mono.defer(() -> {
            checkAddress(config.address());
            return TcpClient.newConnection()
                    .runOn(loop(config), true)
                    .remoteAddress(() -> config.address().toSocketAddress())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                    .doOnConnected(attach)
                    .connect();
        });
    }

    /** Fails early with a message that says what to do, rather than a bare errno. */
    static void checkAddress(QmpAddress address) {
        if (address instanceof QmpAddress.Unix unix) {
            if (!Epoll.isAvailable()) {
                throw new UnsupportedOperationException("Unix domain sockets need Netty's native epoll transport, which is not "
                        + "available here (" + Epoll.unavailabilityCause() + "); use a TCP monitor (-qmp tcp:HOST:PORT,server=on)");
            }
            if (!Files.exists(unix.path())) {
                throw new dev.qmpsdk.core.QmpConnectionException("no QMP socket at " + unix.path()
                        + ": is QEMU running with -qmp unix:" + unix.path() + ",server=on,wait=off?");
            }
        }
    }

    /** A short, human description of a connection failure. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        if (root instanceof ConnectException && root.getMessage() != null && root.getMessage().contains("Permission denied")) {
            return "permission denied (check the socket's owner and mode)";
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }
}
