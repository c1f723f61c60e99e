package dev.qmpsdk.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.codec.QapiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * A host's record of the requests it began to execute, kept in memory and in the compacted executed topic (key
 * {@code host/requestId}, value {@code {"v": 1, "deadline": ms, "reply": {...}}}, the reply once there is one; a
 * tombstone once the entry is forgotten). Read whole at agent start, before any request: a request redelivered after a
 * restart is answered from here and never executed again. An entry is kept until {@code retention} after its request's
 * deadline: past the deadline a request is refused anyway, so the record stays small.
 */
final class ExecutedLog {
    /** A request that began executing: its deadline and, once known, its reply (record value of the replies topic). */
    record Entry(Instant deadline, byte @Nullable [] reply) {}

    private final String host;
    private final Duration retention;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    private ExecutedLog(String host, Duration retention) {
        this.host = host;
        this.retention = retention;
    }

    /** Reads the executed topic up to its current end; keeps this host's entries that are not expired. */
    static ExecutedLog load(Map<String, Object> consumerConfig, String topic, String host, Duration retention) {
        ExecutedLog log = new ExecutedLog(host, retention);
        String prefix = host + "/";
        Instant now = Instant.now();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("could not read the executed-requests topic '" + topic + "' to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        continue;
                    }
                    String id = r.key().substring(prefix.length());
                    if (r.value() == null) {
                        log.byId.remove(id);
                        continue;
                    }
                    Entry e = decode(r.value(), topic + "@" + r.partition() + ":" + r.offset());
                    if (e.deadline().plus(retention).isAfter(now)) {
                        log.byId.put(id, e);
                    } else {
                        log.byId.remove(id);
                    }
                }
            }
        }
        return log;
    }

    @Nullable Entry get(String requestId) {
        return byId.get(requestId);
    }

    /** Marks a request as begun; false when it already was (by this run or, as read at start, an earlier one). */
    boolean claim(String requestId, Instant deadline) {
        return byId.putIfAbsent(requestId, new Entry(deadline, null)) == null;
    }

    void answered(String requestId, Instant deadline, byte[] reply) {
        byId.put(requestId, new Entry(deadline, reply));
    }

    String key(String requestId) {
        return host + "/" + requestId;
    }

    int size() {
        return byId.size();
    }

    /** Removes and returns the ids whose retention has passed (to be tombstoned). */
    List<String> expire(Instant now) {
        List<String> gone = new ArrayList<>();
        byId.forEach((id, e) -> {
            if (!e.deadline().plus(retention).isAfter(now)) {
                gone.add(id);
            }
        });
        gone.forEach(byId::remove);
        return gone;
    }

    static byte[] encode(Instant deadline, byte @Nullable [] reply) {
        ObjectNode o = QapiJson.TREE_MAPPER.createObjectNode();
        o.put("v", 1);
        o.put("deadline", deadline.toEpochMilli());
        if (reply != null) {
            o.set("reply", WireJson.object(reply, "command reply", "the executed record being written"));
        }
        return WireJson.bytes(o);
    }

    private static Entry decode(byte[] value, String where) {
        JsonNode o = WireJson.object(value, "executed record", where);
        WireJson.checkVersion(o, 1, "executed record", where);
        JsonNode reply = o.get("reply");
        return new Entry(Instant.ofEpochMilli(WireJson.required(o, "deadline", "executed record", where).asLong()),
                reply == null ? null : WireJson.bytes(reply));
    }
}
