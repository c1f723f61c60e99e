package dev.qmpsdk.kafka;

import dev.qmpsdk.core.QmpException;
import java.util.Locale;

/**
 * A remote command that the VM's host agent did not send to QEMU: it certainly had no effect, so it may be retried
 * (with a new request, hence a new id).
 *
 * <pre>{@code
 * remote.vm("host-3/vm-17").stop()
 *       .retryWhen(Retry.max(3).filter(QmpNotExecutedException.class::isInstance))
 *       .block();
 * }</pre>
 */
public class QmpNotExecutedException extends QmpException {
    private static final long serialVersionUID = 1L;

    /** Why a request was not executed. */
    public enum Reason {
        /** The request's deadline had passed when the agent read it. */
        DEADLINE_PASSED,
        /** The agent has no VM of that id. */
        UNKNOWN_VM,
        /** The VM's monitor was not connected when the request came. */
        VM_NOT_CONNECTED,
        /** The agent was stopping. */
        AGENT_STOPPING,
        /** The agent could not record the request as begun (Kafka refused the executed record), so did not begin it. */
        NOT_RECORDED;

        String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Reason ofWire(String wire, String where) {
            for (Reason r : values()) {
                if (r.wire().equals(wire)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("command reply at " + where + " has an unknown reason '" + wire + "'");
        }
    }

    private final Reason reason;

    public QmpNotExecutedException(String message, Reason reason) {
        super(message);
        this.reason = reason;
    }

    /** Why it was not executed. */
    public Reason reason() {
        return reason;
    }
}
