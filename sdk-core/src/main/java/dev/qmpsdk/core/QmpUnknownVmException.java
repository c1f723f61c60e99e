package dev.qmpsdk.core;

/**
 * A fleet was asked for a VM id it does not hold (never added, or removed since).
 *
 * <pre>{@code
 * try {
 *     fleet.vm("web-9").queryStatus().block();
 * } catch (QmpUnknownVmException e) {
 *     log.warn("no such VM: {}", e.vmId());
 * }
 * }</pre>
 */
public class QmpUnknownVmException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final String vmId;

    public QmpUnknownVmException(String vmId, String message) {
        super(message);
        this.vmId = vmId;
    }

    /** The id that was asked for. */
    public String vmId() {
        return vmId;
    }
}
