/**
 * {@link dev.qmpsdk.kafka.testing.InProcessKafka}: a real KRaft cluster inside the JVM for tests, samples and
 * benchmarks (needs Kafka's server artifacts, optional dependencies of this module).
 */
@NullMarked
package dev.qmpsdk.kafka.testing;

import org.jspecify.annotations.NullMarked;
