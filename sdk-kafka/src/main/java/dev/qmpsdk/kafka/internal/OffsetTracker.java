package dev.qmpsdk.kafka.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of a consumer may be committed when records finish out of order (commands of different VMs answer
 * at different speeds): per partition, everything below the oldest record still in progress. So a record being
 * handled when the process dies is read again after a restart.
 *
 * <pre>{@code
 * tracker.begin(tp, record.offset());          // poll thread
 * tracker.finish(tp, record.offset());         // any thread, once the record's work is durable
 * consumer.commitAsync(tracker.committable(), null);   // poll thread
 * }</pre>
 */
public final class OffsetTracker {
    private record Done(TopicPartition partition, long offset) {}

    private final Map<TopicPartition, TreeSet<Long>> inProgress = new HashMap<>();
    private final Map<TopicPartition, Long> nextToRead = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final ConcurrentLinkedQueue<Done> finished = new ConcurrentLinkedQueue<>();

    /** A record was handed out (poll thread). */
    public void begin(TopicPartition partition, long offset) {
        inProgress.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        nextToRead.merge(partition, offset + 1, Math::max);
    }

    /** Its work is done and durable (any thread). */
    public void finish(TopicPartition partition, long offset) {
        finished.add(new Done(partition, offset));
    }

    /** The offsets to commit now, only those that moved (poll thread). */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Done d;
        while ((d = finished.poll()) != null) {
            TreeSet<Long> open = inProgress.get(d.partition());
            if (open != null) {
                open.remove(d.offset());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        nextToRead.forEach((tp, next) -> {
            TreeSet<Long> open = inProgress.get(tp);
            long commit = open == null || open.isEmpty() ? next : open.first();
            if (!Long.valueOf(commit).equals(committed.get(tp))) {
                committed.put(tp, commit);
                result.put(tp, new OffsetAndMetadata(commit));
            }
        });
        return result;
    }

    /** Forgets partitions taken away by a rebalance (their records will be read again by their new owner). */
    public void revoke(Iterable<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            inProgress.remove(tp);
            nextToRead.remove(tp);
            committed.remove(tp);
        }
    }
}
