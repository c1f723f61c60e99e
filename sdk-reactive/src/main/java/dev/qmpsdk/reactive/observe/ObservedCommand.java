package dev.qmpsdk.reactive.observe;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * One command as observers see it: the VM, the command's wire name, its request id (once written), the values of the
 * configured Reactor context keys ({@link QmpObservability.Builder#contextKeys}) and, on demand, its argument member
 * names and redacted request. Created by the SDK's session for each subscription while observers are configured.
 *
 * <pre>{@code
 * String trace = command.context().get("traceId");   // from Mono.contextWrite(Context.of("traceId", "abc"))
 * }</pre>
 */
public final class ObservedCommand {
    private final String vmId;
    private final String name;
    private final ContextView reactorContext;
    private final Map<String, String> context;
    private final long startNanos;
    private volatile long id = -1;
    private volatile RedactedRequest request = RedactedRequest.NONE;

    /** For the SDK's session: a command subscribed to now, with its subscriber's context. */
    public ObservedCommand(String vmId, String name, ContextView reactorContext, Map<String, String> context) {
        this.vmId = vmId;
        this.name = name;
        this.reactorContext = reactorContext;
        this.context = context;
        this.startNanos = System.nanoTime();
    }

    /** The VM's id in its fleet, or the monitor's address for a single client. */
    public String vmId() {
        return vmId;
    }

    /** The command's wire name ({@code query-status}). */
    public String name() {
        return name;
    }

    /** The request id, or -1 while it was not written (and when it never was). */
    public long id() {
        return id;
    }

    /** The configured context keys the subscriber's Reactor context has, with their values as text. */
    public Map<String, String> context() {
        return context;
    }

    /** The subscriber's whole Reactor context (an observation looks up its parent here). */
    public ContextView reactorContext() {
        return reactorContext;
    }

    /** {@link System#nanoTime()} at subscription. */
    public long startNanos() {
        return startNanos;
    }

    /** The argument member names sent (top level), in order; empty before the request was written. */
    public List<String> argumentNames() {
        return request.argumentNames();
    }

    /** The request as written, secrets replaced by {@link Redaction#MASK}; null before it was written. */
    public @Nullable String redactedRequest() {
        return request.json();
    }

    /** The redacted request ({@link RedactedRequest#NONE} before it was written). */
    public RedactedRequest request() {
        return request;
    }

    /** Replaces every secret value of this command's request found in {@code text} (a server echoing one back). */
    public String scrub(String text) {
        return request.scrub(text);
    }

    /** For the SDK's session: the request went out under {@code id}. */
    public void sent(long id, RedactedRequest redacted) {
        this.request = redacted;
        this.id = id;
    }

    @Override
    public String toString() {
        return "ObservedCommand{" + vmId + ", " + name + ", id=" + id + ", " + context + "}";
    }
}
