package dev.qmpsdk.kafka.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One {@link KafkaConsumer} on its own thread: {@code KafkaConsumer} is not thread-safe, so everything that touches it
 * (setup, poll, pause/resume, commits, close) runs here; other threads hand it {@link #execute tasks}, which run
 * between two polls (a task wakes a waiting poll at once).
 *
 * <pre>{@code
 * PollLoop loop = PollLoop.start("qmp-replies", config, c -> c.assign(partitions), (records, c) -> handle(records), log::error);
 * loop.ready().block();
 * loop.close();
 * }</pre>
 */
public final class PollLoop implements AutoCloseable {
    /** Handles one poll's records (possibly none), on the poll thread. */
    @FunctionalInterface
    public interface Handler {
        void onRecords(ConsumerRecords<String, byte[]> records, KafkaConsumer<String, byte[]> consumer);
    }

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ConcurrentLinkedQueue<Consumer<KafkaConsumer<String, byte[]>>> tasks = new ConcurrentLinkedQueue<>();
    private final Sinks.One<Void> ready = Sinks.one();
    private final Sinks.One<Void> stopped = Sinks.one();
    private final Thread thread;
    private volatile boolean running = true;

    private PollLoop(String name, Map<String, Object> config, Consumer<KafkaConsumer<String, byte[]>> setup, Handler handler,
                     Consumer<Throwable> onFailure, Runnable onStop) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(() -> run(setup, handler, onFailure, onStop), name);
        this.thread.setDaemon(true);
    }

    /**
     * Creates the consumer and starts its thread, which runs {@code setup} (assign or subscribe, seek) and then polls,
     * handing each batch to {@code handler}. An exception from setup or a handler stops the loop and goes to
     * {@code onFailure}; {@code onStop} runs last, on the poll thread, whatever ended it.
     */
    public static PollLoop start(String name, Map<String, Object> config, Consumer<KafkaConsumer<String, byte[]>> setup,
                                 Handler handler, Consumer<Throwable> onFailure, Runnable onStop) {
        PollLoop loop = new PollLoop(name, config, setup, handler, onFailure, onStop);
        loop.thread.start();
        return loop;
    }

    private void run(Consumer<KafkaConsumer<String, byte[]>> setup, Handler handler, Consumer<Throwable> onFailure, Runnable onStop) {
        try {
            setup.accept(consumer);
            ready.tryEmitEmpty();
            while (running) {
                runTasks();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    continue;   // a task or close() woke us
                }
                handler.onRecords(records, consumer);   // also when empty: handlers do periodic work (commits)
            }
            runTasks();
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (Throwable e) {
            if (running) {
                ready.tryEmitError(new IllegalStateException("Kafka consumer '" + name + "' failed: " + e.getMessage(), e));
                onFailure.accept(e);
            }
        } finally {
            running = false;
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                // closing anyway: nothing to tell
            }
            try {
                onStop.run();
            } finally {
                ready.tryEmitEmpty();
                stopped.tryEmitEmpty();
            }
        }
    }

    private void runTasks() {
        Consumer<KafkaConsumer<String, byte[]>> task;
        while ((task = tasks.poll()) != null) {
            task.accept(consumer);
        }
    }

    /** Runs {@code task} on the poll thread before its next poll. */
    public void execute(Consumer<KafkaConsumer<String, byte[]>> task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        if (Thread.currentThread() != thread) {
            consumer.wakeup();
        }
    }

    /** Completes once setup has run (assignments and positions are then in place), or fails with what failed. */
    public Mono<Void> ready() {
        return ready.asMono();
    }

    /** Completes when the thread has closed the consumer. */
    public Mono<Void> stopped() {
        return stopped.asMono();
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops polling and closes the consumer on its thread; does not wait (see {@link #stopped()}). */
    @Override
    public void close() {
        if (running) {
            running = false;
            consumer.wakeup();
        }
    }

    @Override
    public String toString() {
        return "PollLoop{" + name + (running ? "" : ", stopped") + "}";
    }
}
