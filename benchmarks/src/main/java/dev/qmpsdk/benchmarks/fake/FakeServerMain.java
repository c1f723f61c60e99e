package dev.qmpsdk.benchmarks.fake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link SelectorQmpServer} as a process of its own, controlled through stdin/stdout, one line per
 * request and per answer, each answer carrying its request's number (answers may come out of order: a flood
 * answers when it is over).
 *
 * <pre>
 * java -cp qmp-benchmarks.jar dev.qmpsdk.benchmarks.fake.FakeServerMain /tmp/fake.sock
 * &lt; ready                                          (listening)
 * &gt; 1 stats                     &lt; 1 ok 10000 10000 20000   (connections, negotiated, requests)
 * &gt; 2 flood 1000 STOP          &lt; 2 ok 10000000             (events written, once all are written)
 * &gt; 3 stop                      &lt; 3 ok stopped              (floods stop after the slice being written)
 * </pre>
 *
 * The server exits when stdin ends, so it cannot outlive the benchmark that started it, however that ends.
 */
public final class FakeServerMain {
    private FakeServerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FakeServerMain SOCKET_PATH");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (SelectorQmpServer server = SelectorQmpServer.start(Path.of(args[0]));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("ready");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.trim().split(" +");
                String seq = w[0];
                CompletableFuture<String> answer;
                try {
                    answer = switch (w.length > 1 ? w[1] : "") {
                        case "stats" -> server.stats().thenApply(s -> s.connections() + " " + s.negotiated() + " " + s.requests());
                        case "flood" -> server.flood(Long.parseLong(w[2]), w[3]).thenApply(String::valueOf);
                        case "stop" -> server.stopFloods().thenApply(v -> "stopped");
                        default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown request '" + line + "'"));
                    };
                } catch (RuntimeException e) {
                    answer = CompletableFuture.failedFuture(new IllegalArgumentException("malformed request '" + line + "': " + e));
                }
                answer.whenComplete((value, error) -> {
                    synchronized (out) {
                        out.println(seq + (error == null ? " ok " + value : " error " + error.getMessage()));
                    }
                });
            }
        }
        System.exit(0);
    }
}
