package dev.qmpsdk.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A topic read as a {@link Flux} with backpressure: each subscription gets its own consumer and poll thread, assigned
 * every partition of the topic (no consumer group), from the end or the beginning. Records wait in a queue of fixed
 * capacity; when less than one poll's worth ({@code max.poll.records}) of room is left, the poll thread pauses every
 * partition, and resumes them once the subscriber has drained the queue to half. So memory stays bounded however slow
 * the subscriber is: the rest waits in Kafka, not here.
 *
 * <pre>{@code
 * Flux<String> values = new PausingRecordFlux<>(config, "qmp.events", false, 1024, r -> new String(r.value(), UTF_8));
 * }</pre>
 *
 * @param <T> what a record becomes; a converter returning null skips the record
 */
public final class PausingRecordFlux<T> extends Flux<T> {
    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final boolean fromBeginning;
    private final int capacity;
    private final Function<ConsumerRecord<String, byte[]>, @Nullable T> convert;

    /** {@code capacity} must hold at least two polls: the config's {@code max.poll.records} is at most half of it. */
    public PausingRecordFlux(Map<String, Object> consumerConfig, String topic, boolean fromBeginning, int capacity,
                             Function<ConsumerRecord<String, byte[]>, @Nullable T> convert) {
        Object maxPoll = Objects.requireNonNull(consumerConfig.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                "the consumer config must set max.poll.records explicitly");
        if (Integer.parseInt(maxPoll.toString()) * 2 > capacity) {
            throw new IllegalArgumentException("max.poll.records (" + maxPoll + ") must be at most half the buffer (" + capacity + ")");
        }
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.fromBeginning = fromBeginning;
        this.capacity = capacity;
        this.convert = Objects.requireNonNull(convert, "convert");
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Flux.<T>create(sink -> new Subscription(sink), FluxSink.OverflowStrategy.ERROR).subscribe(actual);
    }

    /** One subscriber's consumer, queue and drain loop. */
    private final class Subscription {
        private final FluxSink<T> sink;
        private final Queue<T> queue = new ArrayBlockingQueue<>(capacity);
        private final AtomicInteger wip = new AtomicInteger();
        private final int maxPoll = Integer.parseInt(consumerConfig.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG).toString());
        private final PollLoop loop;
        /** Written on the poll thread only; read by the drain loop to know whether to ask for a resume. */
        private volatile boolean paused;
        private volatile boolean resumeAsked;

        Subscription(FluxSink<T> sink) {
            this.sink = sink;
            this.loop = PollLoop.start("qmp-kafka-read-" + topic, consumerConfig, this::assign, (records, consumer) -> {
                for (ConsumerRecord<String, byte[]> r : records) {
                    T value = convert.apply(r);
                    if (value != null && !queue.offer(value)) {
                        throw new IllegalStateException("bounded queue overflowed although paused: max.poll.records not respected");
                    }
                }
                if (!paused && capacity - queue.size() < maxPoll) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                }
                drain();
            }, sink::error, () -> {});
            sink.onRequest(n -> drain());
            sink.onDispose(loop::close);
        }

        private void assign(KafkaConsumer<String, byte[]> consumer) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            for (TopicPartition tp : partitions) {
                consumer.position(tp);   // resolves the lazy seek now, so records written after subscribing are not missed
            }
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
                    T next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    sink.next(next);
                }
                if (paused && !resumeAsked && queue.size() <= capacity / 2) {
                    resumeAsked = true;
                    loop.execute(consumer -> {
                        resumeAsked = false;
                        if (paused && queue.size() <= capacity / 2) {
                            consumer.resume(consumer.assignment());
                            paused = false;
                        }
                    });
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
