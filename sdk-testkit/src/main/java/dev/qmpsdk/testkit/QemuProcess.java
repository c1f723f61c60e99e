package dev.qmpsdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real QEMU for tests: {@code qemu-system-x86_64 -machine none -nodefaults -display none} with its QMP
 * monitor on a Unix socket, a loopback TCP port, or connecting out to a socket the test listens on. It
 * starts in well under a second. The test can pause it (SIGSTOP: a hung VM), resume it and kill it. A test
 * that needs devices picks a real machine and adds them ({@code .machine("q35").extraArgs("-device", ...)};
 * {@link QemuImages} makes disk images).
 *
 * <pre>{@code
 * try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
 *     client = connect(qemu.socketPath());
 *     qemu.pause();                 // commands must now time out
 *     qemu.resume();
 *     qemu.kill();                  // the client must see the connection end
 *     qemu.awaitExit(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} sees that the monitor listens from the kernel's socket table and never connects
 * itself: QEMU 7.2 can crash (SIGSEGV) when a client connects and hangs up while its monitor is still being
 * set up, before the greeting (see {@link ListeningSockets}). Clients should therefore read the greeting
 * before they hang up; every QMP client does.
 *
 * <p>Tests that need QEMU must fail, not skip, when it is missing: call {@link #requireInstalled()} (the
 * builder's {@code start()} does).
 */
public final class QemuProcess implements AutoCloseable {
    /** How long {@link Builder#start()} waits for the QMP socket by default. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> command;
    private final @Nullable Path socketPath;
    private final int tcpPort;
    private final @Nullable Path ownedDirectory;
    private final Path stderrFile;
    private final Thread shutdownHook;
    private boolean closed;

    private QemuProcess(Process process, List<String> command, @Nullable Path socketPath, int tcpPort, @Nullable Path ownedDirectory,
            Path stderrFile) {
        this.process = process;
        this.command = List.copyOf(command);
        this.socketPath = socketPath;
        this.tcpPort = tcpPort;
        this.ownedDirectory = ownedDirectory;
        this.stderrFile = stderrFile;
        // A test that dies without closing must not leave QEMUs behind.
        this.shutdownHook = new Thread(process::destroyForcibly, "qemu-process-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder; choose one QMP mode, or get a Unix socket in a temporary directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** The QEMU binary: {@code $QMPSDK_QEMU} (a path or a name on PATH), else {@code qemu-system-x86_64} on PATH. */
    public static Optional<Path> binary() {
        return QemuBinary.find();
    }

    /**
     * The QEMU binary, or an {@link IllegalStateException} telling how to install it. Tests call this
     * so that a missing QEMU fails the build instead of silently skipping the tests.
     */
    public static Path requireInstalled() {
        return binary().orElseThrow(() -> new IllegalStateException(QemuBinary.notFoundMessage()));
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The QMP Unix socket (server or connect-out mode). */
    public Path socketPath() {
        if (socketPath == null) {
            throw new IllegalStateException("this QEMU's QMP monitor is on TCP port " + tcpPort + ", not on a Unix socket");
        }
        return socketPath;
    }

    /** The QMP TCP port on the loopback address. */
    public int tcpPort() {
        if (socketPath != null) {
            throw new IllegalStateException("this QEMU's QMP monitor is on the Unix socket " + socketPath + ", not on TCP");
        }
        return tcpPort;
    }

    /** Where a client connects (server modes): a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress}. */
    public SocketAddress address() {
        return socketPath != null ? UnixDomainSocketAddress.of(socketPath)
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort);
    }

    /** The command line QEMU was started with. */
    public List<String> command() {
        return command;
    }

    /** Freezes QEMU with SIGSTOP: its sockets stay open but nothing is answered (a hung VM). */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused QEMU run again (SIGCONT); it then answers what arrived meanwhile. */
    public void resume() {
        signal("CONT");
    }

    /** Kills QEMU with SIGKILL (no SHUTDOWN event, no goodbye). Does not wait; see {@link #awaitExit}. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for QEMU to exit; true when it did within the timeout. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit code, once QEMU has exited. */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException("QEMU (pid " + pid() + ") is still running");
        }
        return process.exitValue();
    }

    /**
     * How QEMU ended, for failure messages: {@code "running"}, {@code "exited with code 1"}, or with the signal
     * named, e.g. {@code "exited with code 139 (128+11: killed by SIGSEGV, a crash)"}.
     */
    public String exitStatus() {
        return process.isAlive() ? "running" : ExitStatus.describe(process.exitValue());
    }

    /** What QEMU wrote to its standard error so far. */
    public String stderr() {
        try {
            return Files.exists(stderrFile) ? Files.readString(stderrFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read QEMU's stderr from " + stderrFile + ": " + e.getMessage() + ")";
        }
    }

    /** Kills QEMU if it still runs, waits for it, and deletes its socket and log files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        awaitExit(EXIT_WAIT);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        deleteQuietly(stderrFile);
        if (socketPath != null) {
            deleteQuietly(socketPath);
        }
        if (ownedDirectory != null) {
            deleteQuietly(ownedDirectory);
        }
    }

    @Override
    public String toString() {
        return "QemuProcess{pid=" + pid() + ", " + (socketPath != null ? socketPath : "tcp:" + tcpPort) + (isAlive() ? "" : ", exited") + "}";
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + signal + ": QEMU (pid " + pid() + ") has exited");
        }
        try {
            // The shell's builtin kill: minimal Debian images have no /usr/bin/kill (procps).
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + pid()).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to QEMU", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort
        }
    }

    /** Configures a QEMU; mutable, one use. */
    public static final class Builder {
        private enum Mode { UNIX_SERVER, TCP_SERVER, CONNECT_TO }

        private Mode mode = Mode.UNIX_SERVER;
        private @Nullable Path socket;
        private int port;
        private final List<String> extraArgs = new ArrayList<>();
        private String machine = "none";
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private @Nullable Path tlsDirectory;
        private boolean tlsVerifyPeer;
        private @Nullable Path binary;

        private Builder() {}

        /** QMP server on a Unix socket in a fresh temporary directory (the default). */
        public Builder qmpUnixSocket() {
            mode = Mode.UNIX_SERVER;
            socket = null;
            return this;
        }

        /** QMP server on this Unix socket ({@code -qmp unix:PATH,server=on,wait=off}). */
        public Builder qmpUnixSocket(Path path) {
            mode = Mode.UNIX_SERVER;
            socket = Objects.requireNonNull(path, "path");
            return this;
        }

        /** QMP server on this loopback TCP port; 0 picks a free one (see {@link QemuProcess#tcpPort()}). */
        public Builder qmpTcp(int tcpPort) {
            if (tcpPort < 0 || tcpPort > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + tcpPort);
            }
            mode = Mode.TCP_SERVER;
            port = tcpPort;
            return this;
        }

        /**
         * QMP server on this loopback TCP port (0 picks a free one) behind TLS: QEMU's {@code tls-creds-x509} with
         * {@code endpoint=server} reads {@code ca-cert.pem}, {@code server-cert.pem} and {@code server-key.pem} from
         * {@code credentialsDirectory}; with {@code verifyPeer} it asks clients for a certificate signed by that CA.
         */
        public Builder qmpTcpTls(int tcpPort, Path credentialsDirectory, boolean verifyPeer) {
            qmpTcp(tcpPort);
            tlsDirectory = Objects.requireNonNull(credentialsDirectory, "credentialsDirectory");
            tlsVerifyPeer = verifyPeer;
            return this;
        }

        /**
         * QEMU connects out to this Unix socket, on which the test (the client in accept mode) must already
         * listen ({@code -qmp unix:PATH}, no {@code server=on}); QEMU exits at once if nobody listens.
         */
        public Builder qmpConnectTo(Path path) {
            mode = Mode.CONNECT_TO;
            socket = Objects.requireNonNull(path, "path");
            return this;
        }

        /** More arguments, appended after the defaults (e.g. {@code "-S"}, {@code "-name", "vm1"}). */
        public Builder extraArgs(String... args) {
            extraArgs.addAll(Arrays.asList(args));
            return this;
        }

        /**
         * The machine type ({@code -machine}, default {@code none}: no devices, the fastest start). A machine such
         * as {@code q35} or {@code pc} takes devices; QEMU does not run a guest until told (add {@code "-S"} to
         * keep it from running the firmware at all).
         */
        public Builder machine(String type) {
            machine = Objects.requireNonNull(type, "type");
            return this;
        }

        /** How long {@link #start()} waits for the QMP socket (default {@link #DEFAULT_START_TIMEOUT}). */
        public Builder startTimeout(Duration timeout) {
            startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** This QEMU binary instead of {@link QemuProcess#binary()}. */
        public Builder binary(Path path) {
            binary = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Starts QEMU; in the server modes returns once its QMP socket listens (nothing has connected to it yet).
         *
         * @throws IllegalStateException when QEMU is not installed, exits or crashes early (the signal is named)
         *     or does not listen in time (the message includes its command line and stderr)
         */
        public QemuProcess start() {
            Path qemu = binary != null ? binary : requireInstalled();
            Path ownedDirectory = null;
            Path socketPath = socket;
            int tcpPort = port;
            Path stderrFile;
            try {
                if (mode == Mode.UNIX_SERVER && socketPath == null) {
                    ownedDirectory = Files.createTempDirectory("qmpsdk-qemu-");
                    socketPath = ownedDirectory.resolve("qmp.sock");
                }
                if (mode == Mode.TCP_SERVER && tcpPort == 0) {
                    tcpPort = freeTcpPort();
                }
                stderrFile = Files.createTempFile("qmpsdk-qemu-", ".stderr");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare files for QEMU", e);
            }
            List<String> command = new ArrayList<>(List.of(qemu.toString(), "-machine", machine, "-nodefaults", "-display", "none"));
            if (mode == Mode.TCP_SERVER && tlsDirectory != null) {
                command.addAll(List.of("-object", "tls-creds-x509,id=qmptls0,dir=" + tlsDirectory + ",endpoint=server,verify-peer="
                        + (tlsVerifyPeer ? "on" : "off"),
                        "-chardev", "socket,id=qmp0,host=127.0.0.1,port=" + tcpPort + ",server=on,wait=off,tls-creds=qmptls0",
                        "-mon", "chardev=qmp0,mode=control"));
            } else {
                command.add("-qmp");
                command.add(switch (mode) {
                    case UNIX_SERVER -> "unix:" + socketPath + ",server=on,wait=off";
                    case TCP_SERVER -> "tcp:127.0.0.1:" + tcpPort + ",server=on,wait=off";
                    case CONNECT_TO -> "unix:" + socketPath;
                });
            }
            command.addAll(extraArgs);
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(stderrFile.toFile())
                        .start();
                process.getOutputStream().close();
            } catch (IOException e) {
                deleteQuietly(stderrFile);
                if (ownedDirectory != null) {
                    deleteQuietly(ownedDirectory);
                }
                throw new IllegalStateException("cannot start QEMU: " + String.join(" ", command) + ": " + e.getMessage(), e);
            }
            QemuProcess started = new QemuProcess(process, command, mode == Mode.TCP_SERVER ? null : socketPath, tcpPort,
                    ownedDirectory, stderrFile);
            if (mode != Mode.CONNECT_TO) {
                try {
                    awaitListening(started);
                } catch (RuntimeException e) {
                    started.close();
                    throw e;
                }
            }
            return started;
        }

        private void awaitListening(QemuProcess qemu) {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            IOException last = null;
            while (true) {
                if (!qemu.isAlive()) {
                    qemu.awaitExit(Duration.ofSeconds(1));
                    throw new IllegalStateException("QEMU " + ExitStatus.describe(qemu.process.exitValue())
                            + " before its QMP monitor listened\n  command: " + String.join(" ", qemu.command)
                            + "\n  stderr: " + qemu.stderr().strip());
                }
                try {
                    if (listening(qemu)) {
                        return;
                    }
                } catch (IOException e) {
                    last = e;
                }
                if (System.nanoTime() > deadline) {
                    String stderr = qemu.stderr().strip();
                    throw new IllegalStateException("QEMU's QMP monitor did not listen on " + qemu.address() + " within "
                            + startTimeout + (last == null ? "" : " (" + last.getMessage() + ")")
                            + "\n  command: " + String.join(" ", qemu.command) + "\n  stderr: " + stderr);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for QEMU's QMP monitor", e);
                }
            }
        }

        /**
         * Whether QEMU's QMP socket listens, read from the kernel's socket table: never by connecting and
         * hanging up, which can crash QEMU 7.2 while its monitor is still being set up (see
         * {@link ListeningSockets}). Only where that table is missing (not Linux) does it fall back to a
         * connection that it closes again.
         */
        private static boolean listening(QemuProcess qemu) throws IOException {
            Optional<Boolean> listening = qemu.socketPath != null ? ListeningSockets.unixListening(qemu.socketPath)
                    : ListeningSockets.loopbackTcpListening(qemu.tcpPort);
            return listening.isPresent() ? listening.get() : connectAndClose(qemu.address());
        }

        private static boolean connectAndClose(SocketAddress address) throws IOException {
            if (address instanceof UnixDomainSocketAddress unix && !Files.exists(unix.getPath())) {
                return false;
            }
            StandardProtocolFamily family = address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                    : StandardProtocolFamily.INET;
            try (SocketChannel channel = SocketChannel.open(family)) {
                return channel.connect(address);
            }
        }

        private static int freeTcpPort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
