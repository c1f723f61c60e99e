package dev.qmpsdk.kafka.testing;

import java.util.Objects;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster in KRaft mode inside this JVM, from Apache Kafka's own test kit: one controller and one broker
 * as separate nodes, so the broker can be restarted while the controller keeps the metadata (the test kit writes the
 * broker's pre-bound port into its listener config, so a restarted broker binds the same port and clients find it).
 * For tests, samples and benchmarks: nothing to install. Its data lives in a temporary directory, deleted on close.
 *
 * <p>Needs Apache Kafka's server artifacts, which {@code qmp-sdk-kafka} declares optional (users of the agent and the
 * remote fleet do not get them): {@code org.apache.kafka:kafka_2.13}, {@code kafka-server} and
 * {@code kafka-test-common-runtime}, at the version of {@code kafka-clients}.
 *
 * <pre>{@code
 * try (InProcessKafka kafka = InProcessKafka.start()) {
 *     HostAgent agent = HostAgent.start(HostAgentOptions.builder(kafka.bootstrap(), "host-1").build()).block();
 *     ...
 * }
 * }</pre>
 */
public final class InProcessKafka implements AutoCloseable {
    private static final int BROKER_ID = 0;

    private final KafkaClusterTestKit cluster;
    private final String bootstrap;

    private InProcessKafka(KafkaClusterTestKit cluster, String bootstrap) {
        this.cluster = cluster;
        this.bootstrap = bootstrap;
    }

    /** Formats, starts and waits for the cluster (a few seconds). */
    public static InProcessKafka start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder().setCombined(false).setNumControllerNodes(1).setNumBrokerNodes(1).build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")   // a consumer group forms at once
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InProcessKafka(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka cluster: " + e.getMessage(), e);
        }
    }

    /** {@code localhost:PORT} of the broker. */
    public String bootstrap() {
        return bootstrap;
    }

    /** Stops the broker (the controller stays up) and waits until it is down: a broker restart's first half. */
    public void stopBroker() {
        BrokerServer broker = Objects.requireNonNull(cluster.brokers().get(BROKER_ID));
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the stopped broker again, on the same port and data, and waits until it is ready. */
    public void startBroker() {
        try {
            Objects.requireNonNull(cluster.brokers().get(BROKER_ID)).startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("could not restart the in-process Kafka broker: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the in-process Kafka cluster: " + e.getMessage(), e);
        }
    }
}
