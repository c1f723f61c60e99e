package dev.qmpsdk.benchmarks;

import dev.qmpsdk.benchmarks.fake.FakeServerMain;
import dev.qmpsdk.benchmarks.fake.SelectorQmpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SelectorQmpServer} in a JVM of its own ({@link FakeServerMain}), started from this JVM's own
 * {@code java} with only the benchmark classes on its class path. Why a separate process: 10,000 connections
 * are 20,000 sockets when both ends live in one process, which is this machine's whole fd limit; and the
 * client's heap and CPU are then measured without the server's in them (the server's CPU is read from /proc).
 *
 * <pre>{@code
 * try (FakeServerProcess server = FakeServerProcess.start()) {
 *     fleet.add("vm", QmpClientOptions.unix(server.socketPath()).build()).block();
 *     long written = server.flood(1000, "STOP").get();
 * }
 * }</pre>
 *
 * Closing ends stdin, on which the server exits; it is killed if it does not. A JVM that dies without closing
 * also ends the pipe, so the server never outlives the benchmark.
 */
public final class FakeServerProcess implements AutoCloseable {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path directory;
    private final Path socket;
    private final Writer requests;
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextSeq = new AtomicLong();
    private final Thread shutdownHook;

    private FakeServerProcess(Process process, Path directory, Path socket) {
        this.process = process;
        this.directory = directory;
        this.socket = socket;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.shutdownHook = new Thread(process::destroyForcibly, "fake-server-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the server on a Unix socket in a new temporary directory and waits until it listens. */
    public static FakeServerProcess start() {
        try {
            Path dir = Files.createTempDirectory("qmpsdk-bench-fake-");
            Path socket = dir.resolve("qmp.sock");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = List.of(java.toString(), "-Xmx1g", "-XX:+UseSerialGC", "-cp", ownClassPath(),
                    FakeServerMain.class.getName(), socket.toString());
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            FakeServerProcess server = new FakeServerProcess(p, dir, socket);
            BufferedReader answers = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = answers.readLine();
            if (!"ready".equals(first)) {
                server.close();
                throw new IllegalStateException("the fake server did not start (first line: " + first + "); command: "
                        + String.join(" ", command));
            }
            Thread reader = new Thread(() -> server.readAnswers(answers), "fake-server-answers-" + p.pid());
            reader.setDaemon(true);
            reader.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake server process", e);
        }
    }

    /** Where the benchmark classes were loaded from: {@code target/classes} in a build, the shaded jar otherwise. */
    private static String ownClassPath() {
        try {
            return Path.of(SelectorQmpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark classes", e);
        }
    }

    public Path socketPath() {
        return socket;
    }

    /** The server process's CPU time (user + system, 10 ms resolution). */
    public CpuProbe cpu() {
        return CpuProbe.process(process.pid());
    }

    /** Open connections, those that negotiated capabilities, and requests answered so far. */
    public SelectorQmpServer.Stats stats() {
        String[] f = await(request("stats")).split(" ");
        return new SelectorQmpServer.Stats(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]));
    }

    /** Waits until exactly {@code connections} connections are open (e.g. 0 after the clients closed). */
    public void awaitConnections(int connections, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen;
        while ((seen = stats().connections()) != connections) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the fake server has " + seen + " connections after " + timeout + ", expected "
                        + connections);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Starts flooding every negotiated connection with {@code perConnection} data-less events named {@code name}
     * ({@code Long.MAX_VALUE}: until {@link #stopFloods()}); the future completes with the events written.
     */
    public CompletableFuture<Long> flood(long perConnection, String name) {
        return request("flood " + perConnection + " " + name).thenApply(Long::parseLong);
    }

    /**
     * Stops every flood after the slice being written to each connection; returns once the server has decided
     * that (each flood's future completes when its last slice is written).
     */
    public void stopFloods() {
        await(request("stop"));
    }

    private CompletableFuture<String> request(String line) {
        long seq = nextSeq.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(seq, answer);
        try {
            synchronized (requests) {
                requests.write(seq + " " + line + "\n");
                requests.flush();
            }
        } catch (IOException e) {
            pending.remove(seq);
            answer.completeExceptionally(new IllegalStateException("the fake server process is gone (" + line + ")", e));
        }
        return answer;
    }

    private static String await(CompletableFuture<String> answer) {
        try {
            return answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fake server did not answer within " + ANSWER_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the fake server", e);
        }
    }

    private void readAnswers(BufferedReader answers) {
        try {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                String[] f = line.split(" ", 3);
                CompletableFuture<String> answer = pending.remove(Long.parseLong(f[0]));
                if (answer == null) {
                    continue;
                }
                if (f[1].equals("ok")) {
                    answer.complete(f.length > 2 ? f[2] : "");
                } else {
                    answer.completeExceptionally(new IllegalStateException("the fake server answered: " + line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended; fail whatever still waits
        }
        pending.values().forEach(a -> a.completeExceptionally(new IllegalStateException("the fake server process ended")));
    }

    /** Ends the server (stdin closed, then killed if it lingers) and deletes its socket directory. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // it is being stopped anyway
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "FakeServerProcess{pid=" + process.pid() + ", " + socket + "}";
    }
}
