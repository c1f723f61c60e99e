package dev.qmpsdk.cli;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.reactive.QmpAddress;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.reactive.observe.QmpWireLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * One monitor the CLI talks to: {@code --socket [ID=]PATH} or {@code --tcp [ID=]HOST:PORT}. Connecting turns
 * every way it can fail into a message that says what to do, with exit code {@link CliException#CONNECTION}.
 */
final class CliTarget {
    /** Where {@code qmp --verbose} writes the redacted wire log (stderr), or null; set by {@link Cli} per command line. */
    static volatile @Nullable Consumer<String> wireLog;

    private final String id;
    private final QmpAddress address;
    private final @Nullable Path socket;

    private CliTarget(String id, QmpAddress address, @Nullable Path socket) {
        this.id = id;
        this.address = address;
        this.socket = socket;
    }

    /** {@code PATH} or {@code ID=PATH} (the id names the VM in event lines; by default the path as given). */
    static CliTarget socket(String spec) {
        String id = spec;
        String path = spec;
        int eq = spec.indexOf('=');
        if (eq > 0 && spec.substring(0, eq).indexOf('/') < 0) {
            id = spec.substring(0, eq);
            path = spec.substring(eq + 1);
        }
        if (path.isEmpty()) {
            throw CliException.usage("--socket needs a path, like --socket /run/vm1.qmp or --socket vm1=/run/vm1.qmp");
        }
        Path p = Path.of(path);
        return new CliTarget(id, QmpAddress.unix(p), p);
    }

    /** {@code HOST:PORT} or {@code ID=HOST:PORT}. */
    static CliTarget tcp(String spec) {
        String id = spec;
        String hostPort = spec;
        int eq = spec.indexOf('=');
        if (eq > 0) {
            id = spec.substring(0, eq);
            hostPort = spec.substring(eq + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw CliException.usage("--tcp needs HOST:PORT (a port from 1 to 65535), like --tcp localhost:4444; got '" + spec + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new CliTarget(id, QmpAddress.tcp(host, port), null);
    }

    /** The single-monitor options of {@code exec} and {@code shell}: exactly one of them. */
    static final class One {
        @Option(names = "--socket", paramLabel = "PATH", required = true, description = "the QMP monitor's Unix socket (QEMU -qmp unix:PATH,server=on,wait=off)")
        @Nullable String socket;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", required = true, description = "the QMP monitor's TCP address (QEMU -qmp tcp:HOST:PORT,server=on,wait=off)")
        @Nullable String tcp;

        CliTarget target() {
            return socket != null ? socket(socket) : tcp(java.util.Objects.requireNonNull(tcp));
        }
    }

    String id() {
        return id;
    }

    /**
     * Events are kept raw ({@link EventRegistry#empty()}): the CLI shows an event's data exactly as the server
     * sent it, including members newer than the 2.11.2 schema that typed decoding would leave out.
     */
    private QmpClientOptions options(Duration timeout) {
        Consumer<String> wire = wireLog;
        return QmpClientOptions.builder(address).connectTimeout(timeout).commandTimeout(timeout).eventTypes(EventRegistry.empty())
                .observability(wire == null ? QmpObservability.OFF : QmpObservability.builder().observer(QmpWireLog.to(wire)).build())
                .build();
    }

    /** Connects; every failure becomes a {@link CliException} with {@link CliException#CONNECTION}. */
    QmpClient connect(Duration timeout) {
        precheck();
        try {
            QmpClient client = QmpClient.connect(options(timeout)).block();
            if (client == null) {
                throw CliException.connection("cannot connect to " + where());
            }
            return client;
        } catch (RuntimeException e) {
            throw explain(e, timeout);
        }
    }

    /**
     * Adds this monitor to a fleet under {@link #id()} and waits until it is connected; every failure becomes a
     * {@link CliException} with {@link CliException#CONNECTION}. With {@link #connect}, the only place the CLI
     * configures and opens connections.
     */
    void addTo(QmpFleet fleet, Duration timeout) {
        precheck();
        try {
            fleet.add(id, options(timeout)).block();
        } catch (RuntimeException e) {
            throw explain(e, timeout);
        }
    }

    /** Problems a look at the file system explains better than the connect error would. */
    private void precheck() {
        if (socket == null) {
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw CliException.connection(missingSocket());
        }
        if (attrs.isDirectory() || attrs.isRegularFile()) {
            throw CliException.connection(socket + " is a " + (attrs.isDirectory() ? "directory" : "regular file")
                    + ", not a socket: pass the path QEMU was started with (-qmp unix:PATH,server=on,wait=off)");
        }
    }

    private String missingSocket() {
        return "no QMP socket at " + socket + ": is QEMU running with -qmp unix:" + socket + ",server=on?";
    }

    /** What went wrong, in words that say what to do. */
    private CliException explain(Throwable failure, Duration timeout) {
        if (failure instanceof CliException c) {
            return c;
        }
        String detail = String.valueOf(failure.getMessage());
        String lower = rootMessages(failure).toLowerCase(Locale.ROOT);
        if (failure instanceof QmpTimeoutException) {
            return CliException.connection("no QMP greeting from " + where() + " within " + CliSupport.format(timeout)
                    + ": is it a QMP monitor (-qmp), not an HMP monitor (-monitor) or a serial console? "
                    + "A QEMU monitor also serves one client at a time: is another client connected?");
        }
        if (lower.contains("permission denied")) {
            return CliException.connection("permission denied on " + where() + ": run as the socket's owner or a member of its group"
                    + (socket == null ? "" : " (ls -l " + socket + ")") + ", or with sudo");
        }
        if (lower.contains("no such file")) {
            return CliException.connection(socket != null ? missingSocket() : "cannot connect to " + where() + ": " + detail);
        }
        if (lower.contains("connection refused")) {
            return CliException.connection(socket != null
                    ? "nothing is listening on " + socket + " (a stale socket left by a QEMU that exited?): start QEMU with -qmp unix:"
                            + socket + ",server=on,wait=off"
                    : "nothing is listening on " + where() + ": is QEMU running with -qmp tcp:" + where() + ",server=on,wait=off?");
        }
        if (failure instanceof QmpConnectionException && (lower.contains("capabilities") || lower.contains("greeting") || lower.contains("closed"))) {
            return CliException.connection(where() + " is not a QMP server, or closed the connection during the handshake: " + detail);
        }
        return CliException.connection("cannot connect to " + where() + ": " + detail);
    }

    private static String rootMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 2000; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(' ');
        }
        return sb.toString();
    }

    /** The socket path or {@code host:port}. */
    String where() {
        if (address instanceof QmpAddress.Tcp t) {
            return t.host() + ":" + t.port();
        }
        return String.valueOf(socket);
    }
}
