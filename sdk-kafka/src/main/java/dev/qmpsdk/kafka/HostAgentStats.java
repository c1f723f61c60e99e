package dev.qmpsdk.kafka;

/**
 * Counters of a {@link HostAgent}.
 *
 * <pre>{@code
 * HostAgentStats s = agent.stats();
 * log.info("{} events published, {} dropped, {} failed", s.eventsPublished(), s.eventsDropped(), s.eventsFailed());
 * }</pre>
 *
 * @param eventsPublished events Kafka acknowledged ({@code acks=all})
 * @param eventsFailed events the producer gave up on (the broker stayed away past {@code delivery.timeout.ms})
 * @param eventsDropped events the fleet's bounded buffers dropped while Kafka was slower than the VMs (by each VM's
 *     overflow policy), summed over the VMs connected now
 * @param eventsInFlight events handed to the producer and not yet acknowledged or failed
 * @param commandsExecuted requests sent to QEMU
 * @param commandsNotExecuted requests refused (deadline passed, unknown VM, VM not connected, agent stopping)
 * @param duplicatesSuppressed requests read again (redelivery) and answered from the executed record, not executed
 */
public record HostAgentStats(long eventsPublished, long eventsFailed, long eventsDropped, long eventsInFlight, long commandsExecuted,
                             long commandsNotExecuted, long duplicatesSuppressed) {}
