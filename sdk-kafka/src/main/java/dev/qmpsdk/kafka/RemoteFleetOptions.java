package dev.qmpsdk.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link RemoteFleet} reaches Kafka. Immutable; build with {@link #builder}.
 *
 * <pre>{@code
 * RemoteFleetOptions options = RemoteFleetOptions.builder("kafka-1:9092")
 *         .commandTimeout(Duration.ofSeconds(10))
 *         .eventBufferSize(2048)
 *         .build();
 * }</pre>
 */
public final class RemoteFleetOptions {
    private final String bootstrap;
    private final String controllerId;
    private final KafkaTopics topics;
    private final Duration commandTimeout;
    private final int eventBufferSize;
    private final Map<String, Object> kafka;

    private RemoteFleetOptions(Builder b) {
        this.bootstrap = b.bootstrap;
        this.controllerId = b.controllerId;
        this.topics = b.topics;
        this.commandTimeout = b.commandTimeout;
        this.eventBufferSize = b.eventBufferSize;
        this.kafka = Map.copyOf(b.kafka);
    }

    public static Builder builder(String bootstrap) {
        return new Builder(bootstrap);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** The id replies are addressed to (default {@code controller-<random>}): unique per running controller. */
    public String controllerId() {
        return controllerId;
    }

    public KafkaTopics topics() {
        return topics;
    }

    /** The default deadline of a command (default 30 s); the request carries it, the agent honours it. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * Events buffered per {@link RemoteFleet#events()} subscriber (default 1024): the consumer pauses its partitions
     * when it cannot fit another poll ({@code max.poll.records}, half of this at most 256) and resumes at half. A slow
     * subscriber so costs at most this many events of memory; the rest waits in Kafka.
     */
    public int eventBufferSize() {
        return eventBufferSize;
    }

    /** Extra Kafka client settings applied over {@link KafkaSettings}'. */
    public Map<String, Object> kafka() {
        return kafka;
    }

    /** Builds {@link RemoteFleetOptions}. */
    public static final class Builder {
        private final String bootstrap;
        private String controllerId = "controller-" + UUID.randomUUID();
        private KafkaTopics topics = KafkaTopics.DEFAULT;
        private Duration commandTimeout = Duration.ofSeconds(30);
        private int eventBufferSize = 1024;
        private final Map<String, Object> kafka = new HashMap<>();

        private Builder(String bootstrap) {
            this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        }

        public Builder controllerId(String value) {
            this.controllerId = Objects.requireNonNull(value, "controllerId");
            return this;
        }

        public Builder topics(KafkaTopics value) {
            this.topics = Objects.requireNonNull(value, "topics");
            return this;
        }

        public Builder commandTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, got " + value);
            }
            this.commandTimeout = value;
            return this;
        }

        public Builder eventBufferSize(int events) {
            if (events < 2) {
                throw new IllegalArgumentException("eventBufferSize must be at least 2, got " + events);
            }
            this.eventBufferSize = events;
            return this;
        }

        public Builder kafka(Map<String, ?> settings) {
            this.kafka.putAll(settings);
            return this;
        }

        public RemoteFleetOptions build() {
            return new RemoteFleetOptions(this);
        }
    }
}
