package dev.qmpsdk.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real QEMU guest agent for tests: {@code qemu-ga -m unix-listen -p SOCKET -t STATEDIR} on the host, in a
 * temporary directory of its own, answering about the host. It can be started late (a client must wait for it),
 * killed, restarted on the same socket (an agent restarting in the guest), and paused (SIGSTOP: an agent that does not
 * answer, whose replies then arrive late).
 *
 * <pre>{@code
 * try (QemuGuestAgent agent = QemuGuestAgent.create()) {
 *     client = connect(agent.socketPath());       // not running yet: the client waits
 *     agent.start();
 *     agent.kill();                               // the client sees the connection end, and waits again
 *     agent.start();
 * }
 * }</pre>
 *
 * <p>Commands that would change the host are blocked ({@code -b}, {@link #BLOCKED}; the agent answers them
 * {@code CommandNotFound} "has been disabled"): the tests run as root in CI, and {@code guest-shutdown} there would
 * shut the machine down. Tests that need qemu-ga fail, not skip, when it is missing ({@link #requireInstalled()}).
 */
public final class QemuGuestAgent implements AutoCloseable {
    /** The environment variable naming another qemu-ga binary (a path or a name on PATH). */
    public static final String ENV = "QMPSDK_QEMU_GA";
    /** The commands this agent refuses: every one that changes the host's state or ends it. */
    public static final List<String> BLOCKED = List.of("guest-shutdown", "guest-suspend-disk", "guest-suspend-ram",
            "guest-suspend-hybrid", "guest-set-time", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-fsfreeze-thaw",
            "guest-fstrim", "guest-set-user-password", "guest-set-vcpus", "guest-set-memory-blocks", "guest-ssh-add-authorized-keys",
            "guest-ssh-remove-authorized-keys", "guest-file-write");
    /** How long {@link #start()} waits for the socket. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final String NAME = "qemu-ga";
    /** Debian installs it in /usr/sbin, which is not on a normal user's PATH. */
    private static final String SBIN = "/usr/sbin" + File.pathSeparator + "/sbin";
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final Path binary;
    private final Path directory;
    private final Path socket;
    private final Path stateDir;
    private final Path log;
    private @Nullable Process process;
    private @Nullable Thread reaper;
    private int starts;

    private QemuGuestAgent(Path binary, Path directory) throws IOException {
        this.binary = binary;
        this.directory = directory;
        this.socket = directory.resolve("qga.sock");
        this.stateDir = Files.createDirectories(directory.resolve("state"));
        this.log = directory.resolve("qemu-ga.log");
    }

    /** An agent in a fresh temporary directory, not started: {@link #socketPath()} does not exist yet. */
    public static QemuGuestAgent create() {
        Path binary = requireInstalled();
        try {
            return new QemuGuestAgent(binary, Files.createTempDirectory("qmpsdk-qga"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for qemu-ga", e);
        }
    }

    /** {@link #create()} and {@link #start()}. */
    public static QemuGuestAgent started() {
        QemuGuestAgent agent = create();
        try {
            return agent.start();
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    /** The qemu-ga binary: {@code $QMPSDK_QEMU_GA}, else {@code qemu-ga} on PATH, in /usr/sbin or in /sbin. */
    public static Optional<Path> binary() {
        String path = System.getenv("PATH");
        return QemuBinary.find(NAME, System.getenv(ENV), (path == null ? "" : path + File.pathSeparator) + SBIN);
    }

    /** The binary, or an {@link IllegalStateException} saying how to install it. */
    public static Path requireInstalled() {
        return binary().orElseThrow(() -> {
            String override = System.getenv(ENV);
            String which = override == null || override.isBlank() ? NAME + " (on PATH, in /usr/sbin or /sbin)" : override + " (from $" + ENV + ")";
            return new IllegalStateException(which + " not found: install it with `apt-get install qemu-guest-agent` "
                    + "(tools/install-test-tools does when run as root)");
        });
    }

    /** Where the agent listens (and a client connects), whether it runs or not. */
    public Path socketPath() {
        return socket;
    }

    /** Starts the agent (again, after {@link #kill()} or {@link #stop()}) and waits until it listens. */
    public synchronized QemuGuestAgent start() {
        if (isRunning()) {
            throw new IllegalStateException("qemu-ga (pid " + pid() + ") is running already");
        }
        try {
            Files.deleteIfExists(socket);   // a killed agent leaves its socket file behind
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-m", "unix-listen", "-p", socket.toString(),
                    "-t", stateDir.toString(), "-f", directory.resolve("qemu-ga.pid").toString(), "-b", String.join(",", BLOCKED)));
            Process started = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process = started;
            starts++;
            Thread hook = new Thread(started::destroyForcibly, "qemu-ga-reaper-" + started.pid());
            Runtime.getRuntime().addShutdownHook(hook);
            reaper = hook;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        awaitListening();
        return this;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("qemu-ga " + (p == null ? "is not running" : ExitStatus.describe(p.exitValue()))
                        + " before listening on " + socket + "; its output: " + output());
            }
            // From the kernel's table, not by connecting: a probe connection would be a client the agent answers.
            if (ListeningSockets.unixListening(socket).orElseGet(() -> Files.exists(socket))) {
                return;
            }
            sleep(10);
        }
        throw new IllegalStateException("qemu-ga did not listen on " + socket + " within " + START_TIMEOUT.toMillis() + " ms; its output: " + output());
    }

    /** Kills the agent with SIGKILL (no goodbye) and waits for it to be gone. */
    public synchronized void kill() {
        Process p = requireRunning("kill");
        p.destroyForcibly();
        awaitExit(p);
    }

    /** Stops the agent with SIGTERM (it removes its socket) and waits for it to be gone. */
    public synchronized void stop() {
        Process p = requireRunning("stop");
        p.destroy();
        awaitExit(p);
    }

    /** Freezes the agent (SIGSTOP): connections stay open, nothing is answered until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused agent run again; it then answers what arrived meanwhile, in order. */
    public void resume() {
        signal("CONT");
    }

    public synchronized boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The running agent's process id. */
    public synchronized long pid() {
        return requireRunning("get the pid of").pid();
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    /** What the agent wrote (all its runs), for failure messages. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the agent if it runs and deletes its directory. */
    @Override
    public synchronized void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            awaitExit(p);
        }
        Thread hook = reaper;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
        deleteTree(directory);
    }

    @Override
    public String toString() {
        return "QemuGuestAgent{" + socket + (isRunning() ? ", pid " + process.pid() : ", not running") + "}";
    }

    private Process requireRunning(String what) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("cannot " + what + " qemu-ga: it is not running (" + socket + ")");
        }
        return p;
    }

    private static void awaitExit(Process p) {
        try {
            if (!p.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("qemu-ga (pid " + p.pid() + ") did not exit within " + EXIT_WAIT.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for qemu-ga to exit", e);
        }
    }

    private void signal(String signal) {
        long pid = pid();
        try {
            // The shell's builtin kill: minimal Debian images have no /usr/bin/kill (procps).
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + pid).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to qemu-ga", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for qemu-ga", e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
