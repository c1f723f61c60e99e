package dev.qmpsdk.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link HostAgent} reaches Kafka and which host it speaks for. Immutable; build with {@link #builder}.
 *
 * <pre>{@code
 * HostAgentOptions options = HostAgentOptions.builder("kafka-1:9092", "host-3")
 *         .maxEventsInFlight(1024)
 *         .kafka(Map.of("security.protocol", "SSL"))
 *         .build();
 * }</pre>
 */
public final class HostAgentOptions {
    private final String bootstrap;
    private final String host;
    private final KafkaTopics topics;
    private final int maxEventsInFlight;
    private final Duration executedRetention;
    private final int eventPartitions;
    private final Map<String, Object> kafka;

    private HostAgentOptions(Builder b) {
        this.bootstrap = b.bootstrap;
        this.host = b.host;
        this.topics = b.topics;
        this.maxEventsInFlight = b.maxEventsInFlight;
        this.executedRetention = b.executedRetention;
        this.eventPartitions = b.eventPartitions;
        this.kafka = Map.copyOf(b.kafka);
    }

    /** Options for the agent of {@code host} (topic-safe: {@code [A-Za-z0-9._-]}) on the cluster at {@code bootstrap}. */
    public static Builder builder(String bootstrap, String host) {
        return new Builder(bootstrap, host);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public String host() {
        return host;
    }

    public KafkaTopics topics() {
        return topics;
    }

    /**
     * How many events may be handed to the producer and not yet acknowledged by Kafka (default 1024). Past it the
     * agent requests no more events from its fleet, whose per-VM buffers then apply their {@code OverflowPolicy}
     * ({@code QmpClientOptions.eventBufferSize}, {@code eventOverflowPolicy}: drops counted in
     * {@link HostAgentStats#eventsDropped()}). So the agent's send buffer is bounded while a broker is away.
     */
    public int maxEventsInFlight() {
        return maxEventsInFlight;
    }

    /** How long after a request's deadline its executed record is kept (default 10 minutes). */
    public Duration executedRetention() {
        return executedRetention;
    }

    /** Partitions of the events topic when the agent creates it (default 6). */
    public int eventPartitions() {
        return eventPartitions;
    }

    /** Extra Kafka client settings applied over {@link KafkaSettings}' (security, for instance). */
    public Map<String, Object> kafka() {
        return kafka;
    }

    /** Builds {@link HostAgentOptions}. */
    public static final class Builder {
        private final String bootstrap;
        private final String host;
        private KafkaTopics topics = KafkaTopics.DEFAULT;
        private int maxEventsInFlight = 1024;
        private Duration executedRetention = Duration.ofMinutes(10);
        private int eventPartitions = 6;
        private final Map<String, Object> kafka = new HashMap<>();

        private Builder(String bootstrap, String host) {
            this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
            this.host = RemoteVmId.checkHost(Objects.requireNonNull(host, "host"));
        }

        public Builder topics(KafkaTopics value) {
            this.topics = Objects.requireNonNull(value, "topics");
            return this;
        }

        public Builder maxEventsInFlight(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxEventsInFlight must be at least 1, got " + value);
            }
            this.maxEventsInFlight = value;
            return this;
        }

        public Builder executedRetention(Duration value) {
            this.executedRetention = Objects.requireNonNull(value, "executedRetention");
            return this;
        }

        public Builder eventPartitions(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("eventPartitions must be at least 1, got " + value);
            }
            this.eventPartitions = value;
            return this;
        }

        public Builder kafka(Map<String, ?> settings) {
            this.kafka.putAll(settings);
            return this;
        }

        public HostAgentOptions build() {
            return new HostAgentOptions(this);
        }
    }
}
