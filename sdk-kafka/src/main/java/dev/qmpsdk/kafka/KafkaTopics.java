package dev.qmpsdk.kafka;

import java.util.Objects;

/**
 * The topics a fleet over Kafka uses; every agent and controller of one fleet must use the same names.
 *
 * <ul>
 *   <li>{@code events}: every VM event as an {@link EventRecord}, keyed by the VM's remote id {@code host/vm} (so one
 *       VM's events stay in one partition, in order);</li>
 *   <li>{@code requestsPrefix + host}: the {@link CommandRequest}s for one host's VMs (one topic per host, so an agent
 *       reads only its own), keyed by remote VM id;</li>
 *   <li>{@code replies}: every {@link CommandReply}, keyed by the controller that asked;</li>
 *   <li>{@code executed}: compacted, the agents' durable record of the request ids they began to execute (and the
 *       reply they gave), keyed by {@code host/requestId}: what makes a request execute at most once across agent
 *       restarts.</li>
 * </ul>
 *
 * <pre>{@code
 * KafkaTopics topics = KafkaTopics.withPrefix("lab.");   // lab.qmp.events, lab.qmp.requests.<host>, ...
 * }</pre>
 *
 * @param events the events topic
 * @param requestsPrefix the prefix of the per-host request topics
 * @param replies the replies topic
 * @param executed the compacted topic of executed request ids
 */
public record KafkaTopics(String events, String requestsPrefix, String replies, String executed) {
    /** {@code qmp.events}, {@code qmp.requests.<host>}, {@code qmp.replies}, {@code qmp.executed}. */
    public static final KafkaTopics DEFAULT = withPrefix("");

    public KafkaTopics {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(requestsPrefix, "requestsPrefix");
        Objects.requireNonNull(replies, "replies");
        Objects.requireNonNull(executed, "executed");
    }

    /** The default names, each preceded by {@code prefix} (several fleets on one cluster). */
    public static KafkaTopics withPrefix(String prefix) {
        return new KafkaTopics(prefix + "qmp.events", prefix + "qmp.requests.", prefix + "qmp.replies", prefix + "qmp.executed");
    }

    /** The request topic of one host. */
    public String requests(String host) {
        return requestsPrefix + host;
    }
}
