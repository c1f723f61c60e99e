package dev.qmpsdk.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster in KRaft mode, in this JVM, from Apache Kafka's own test kit: one controller and one broker as
 * separate nodes, so the broker can be restarted while the controller keeps the metadata. The test kit pre-binds the
 * broker's port and writes it into the broker's listener config, so a restarted broker binds the same port again and
 * clients find it. One per test class (starting takes seconds).
 */
final class KafkaTestBroker implements AutoCloseable {
    private static final int BROKER_ID = 0;

    private final KafkaClusterTestKit cluster;
    private final String bootstrap;

    private KafkaTestBroker(KafkaClusterTestKit cluster, String bootstrap) {
        this.cluster = cluster;
        this.bootstrap = bootstrap;
    }

    static KafkaTestBroker start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(false)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(1)
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("num.partitions", "1")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaTestBroker(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka test cluster: " + e.getMessage(), e);
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Stops the broker (the controller stays up) and waits until it is down. */
    void stopBroker() {
        BrokerServer broker = cluster.brokers().get(BROKER_ID);
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the stopped broker again on the same port and data. */
    void startBroker() throws Exception {
        cluster.brokers().get(BROKER_ID).startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
