package dev.qmpsdk.reactive;

/**
 * A connection state change of one VM of a {@link QmpFleet}.
 *
 * @param vmId the id the VM was added under
 * @param state its connection's new state
 */
public record VmState(String vmId, ConnectionState state) {}
