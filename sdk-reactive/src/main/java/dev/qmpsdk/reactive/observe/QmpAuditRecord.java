package dev.qmpsdk.reactive.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One command as the audit trail records it: never argument values, only their member names; the error text is
 * redacted (the command's secret values scrubbed) and escaped.
 *
 * <pre>{@code
 * audit.records().subscribe(r -> log.info("{} {} {} {} ms", r.vmId(), r.command(), r.outcome(), r.duration().toMillis()));
 * }</pre>
 *
 * @param time          when it ended
 * @param vmId          the VM's id in its fleet, or the monitor's address
 * @param command       the wire name
 * @param id            the client's id of the request (a command sent alone carries none on the wire), -1 when it was
 *                      never written
 * @param argumentNames the top-level argument members sent
 * @param outcome       how it ended
 * @param duration      from subscription to the end
 * @param errorClass    the server's error class ({@code GenericError}) for {@link CommandOutcome#SERVER_ERROR}, else the
 *                      SDK exception's simple name, null on success or cancellation
 * @param error         the error message, redacted; null on success or cancellation
 * @param context       the configured Reactor context keys' values ({@code traceId})
 */
public record QmpAuditRecord(Instant time, String vmId, String command, long id, List<String> argumentNames, CommandOutcome outcome,
                             Duration duration, @Nullable String errorClass, @Nullable String error, Map<String, String> context) {
    public QmpAuditRecord {
        argumentNames = List.copyOf(argumentNames);
        context = Map.copyOf(context);
    }
}
