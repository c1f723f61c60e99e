package dev.qmpsdk.reactive;

import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a QMP monitor is: a Unix domain socket ({@code -qmp unix:/run/vm1.qmp,server=on}) or a TCP
 * endpoint ({@code -qmp tcp:127.0.0.1:4444,server=on}).
 *
 * <pre>{@code
 * QmpAddress vm1 = QmpAddress.unix(Path.of("/run/vm1.qmp"));
 * QmpAddress vm2 = QmpAddress.tcp("127.0.0.1", 4444);
 * }</pre>
 */
public sealed interface QmpAddress {
    static QmpAddress unix(Path path) {
        return new Unix(path);
    }

    static QmpAddress tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /** The Netty address to connect to or bind. */
    SocketAddress toSocketAddress();

    /** A Unix domain socket path (native epoll transport on Linux). */
    record Unix(Path path) implements QmpAddress {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public SocketAddress toSocketAddress() {
            return new DomainSocketAddress(path.toString());
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** A TCP host and port. */
    record Tcp(String host, int port) implements QmpAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TCP port " + port + " is not between 0 and 65535");
            }
        }

        @Override
        public SocketAddress toSocketAddress() {
            return InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }
}
