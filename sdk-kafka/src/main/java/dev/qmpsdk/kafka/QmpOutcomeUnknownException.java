package dev.qmpsdk.kafka;

import dev.qmpsdk.core.QmpException;

/**
 * A remote command that reached QEMU (or may have) but whose answer was lost: the VM's connection ended while it was
 * pending, or an earlier run of the host agent began it and stopped before answering. The agent never executes it a
 * second time; check the VM's state before retrying.
 *
 * <pre>{@code
 * try { vm.stop().block(); } catch (QmpOutcomeUnknownException e) { vm.queryStatus().block(); }
 * }</pre>
 */
public class QmpOutcomeUnknownException extends QmpException {
    private static final long serialVersionUID = 1L;

    public QmpOutcomeUnknownException(String message) {
        super(message);
    }
}
