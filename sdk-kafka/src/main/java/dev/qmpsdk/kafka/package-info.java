/**
 * A fleet spread over many hosts, through Apache Kafka: a {@link dev.qmpsdk.kafka.HostAgent} on each host owns that
 * host's {@link dev.qmpsdk.reactive.QmpFleet}, publishes its events and executes the command requests addressed to
 * its VMs; a {@link dev.qmpsdk.kafka.RemoteFleet} anywhere reaches every VM with the typed commands of a local one
 * and reads all their events with backpressure. The records on the topics are documented, versioned JSON
 * ({@link dev.qmpsdk.kafka.EventRecord}, {@link dev.qmpsdk.kafka.CommandRequest}, {@link dev.qmpsdk.kafka.CommandReply}).
 *
 * <pre>{@code
 * RemoteFleet remote = RemoteFleet.connect(RemoteFleetOptions.builder("kafka-1:9092").build()).block();
 * StatusInfo status = remote.vm("host-3/vm-17").queryStatus().block();
 * }</pre>
 */
@NullMarked
package dev.qmpsdk.kafka;

import org.jspecify.annotations.NullMarked;
