package dev.qmpsdk.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings that matter to a fleet over Kafka, set explicitly rather than left to defaults; anything
 * given in {@code HostAgentOptions.Builder#kafka}/{@code RemoteFleetOptions.Builder#kafka} (security, for instance)
 * is applied on top of them.
 *
 * <p>Producers (agent and controller):
 * <ul>
 *   <li>{@code acks=all}: an event, reply or request counts as published only once every in-sync replica has it;</li>
 *   <li>{@code enable.idempotence=true} with {@code max.in.flight.requests.per.connection=5}: the retries after a
 *       broker restart neither duplicate nor reorder a VM's events;</li>
 *   <li>{@code delivery.timeout.ms=120000}, {@code retries=MAX}: a record waits up to two minutes for a broker to come
 *       back before it fails (a failed event is counted, {@link HostAgentStats#eventsFailed()});</li>
 *   <li>{@code linger.ms}: 5 for the agent (an event flood leaves in batches), 0 for the controller (a command should
 *       not wait for company); {@code batch.size=65536};</li>
 *   <li>{@code buffer.memory=8 MiB}, {@code max.block.ms=10000}: the producer's own memory is bounded; the agent bounds
 *       the events in flight far below it ({@link HostAgentOptions#maxEventsInFlight()}).</li>
 * </ul>
 * Consumers, each on a dedicated poll thread ({@code KafkaConsumer} is not thread-safe):
 * <ul>
 *   <li>{@code max.poll.records}: 256 for events (at most half the subscriber's buffer: see
 *       {@link RemoteFleetOptions#eventBufferSize()}), 100 for requests and replies;</li>
 *   <li>{@code enable.auto.commit=false}: the agent commits a request's offset only once its reply is published
 *       (a request it was killed in the middle of is read again, and answered from the executed record, never run
 *       twice); the controller's readers use no group at all;</li>
 *   <li>{@code auto.offset.reset=earliest} for the agent's group: requests written before its first start are read
 *       (and refused when expired);</li>
 *   <li>{@code fetch.max.wait.ms=20}: a command's request and reply are not held back waiting for more data.</li>
 * </ul>
 *
 * <pre>{@code
 * Map<String, Object> config = KafkaSettings.agentProducer("kafka-1:9092", "agent-host-3");
 * }</pre>
 */
public final class KafkaSettings {
    private KafkaSettings() {}

    /** The host agent's producer (events, replies, executed records). */
    public static Map<String, Object> agentProducer(String bootstrap, String clientId) {
        Map<String, Object> c = producer(bootstrap, clientId);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return c;
    }

    /** The controller's producer (requests). */
    public static Map<String, Object> controllerProducer(String bootstrap, String clientId) {
        Map<String, Object> c = producer(bootstrap, clientId);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return c;
    }

    private static Map<String, Object> producer(String bootstrap, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return c;
    }

    /** A consumer that reads every partition of a topic without a group (events and replies, on the controller). */
    public static Map<String, Object> groupless(String bootstrap, String clientId, int maxPollRecords) {
        Map<String, Object> c = consumer(bootstrap, clientId, maxPollRecords);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }

    /** The agent's consumer of its request topic, in group {@code groupId}, committing by hand. */
    public static Map<String, Object> agentRequests(String bootstrap, String clientId, String groupId) {
        Map<String, Object> c = consumer(bootstrap, clientId, 100);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    private static Map<String, Object> consumer(String bootstrap, String clientId, int maxPollRecords) {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        return c;
    }
}
