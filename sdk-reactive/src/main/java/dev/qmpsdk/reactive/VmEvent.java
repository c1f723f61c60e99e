package dev.qmpsdk.reactive;

import dev.qmpsdk.core.protocol.QmpEvent;

/**
 * An event from one VM of a {@link QmpFleet}.
 *
 * @param vmId the id the VM was added under
 * @param event the event
 * @param <E> the event type
 */
public record VmEvent<E extends QmpEvent>(String vmId, E event) {}
