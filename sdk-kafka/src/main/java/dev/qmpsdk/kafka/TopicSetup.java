package dev.qmpsdk.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the fleet's topics that do not exist yet (replication: the broker's default), so that nothing has to be
 * set up by hand; topics made beforehand by an operator are left as they are.
 */
final class TopicSetup {
    private TopicSetup() {}

    static NewTopic topic(String name, int partitions) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty());
    }

    static NewTopic compacted(String name) {
        return topic(name, 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    static void ensure(Map<String, Object> clientConfig, List<NewTopic> topics) {
        try (Admin admin = Admin.create(clientConfig)) {
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create Kafka topic '" + name + "' at "
                                + clientConfig.get("bootstrap.servers") + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka at " + clientConfig.get("bootstrap.servers") + " did not create topic '" + name
                            + "' within 30 s: is the broker reachable?", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating Kafka topic '" + name + "'", e);
                }
            });
        }
    }
}
