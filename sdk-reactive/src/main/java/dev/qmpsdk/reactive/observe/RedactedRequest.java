package dev.qmpsdk.reactive.observe;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request as it may be shown: its JSON with secrets masked, its top-level argument names, and the secret values that
 * were masked (kept only to {@link #scrub} them from the command's reply and error text; never shown).
 *
 * <pre>{@code
 * RedactedRequest r = Redaction.defaults().redactRequest("{\"execute\":\"change-vnc-password\",\"arguments\":{\"password\":\"s3cret\"}}");
 * r.json();   // {"execute":"change-vnc-password","arguments":{"password":"<redacted>"}}
 * }</pre>
 */
public final class RedactedRequest {
    /** No request (not written yet). */
    public static final RedactedRequest NONE = new RedactedRequest(null, List.of(), List.of());

    private final @Nullable String json;
    private final List<String> argumentNames;
    private final List<String> secrets;

    RedactedRequest(@Nullable String json, List<String> argumentNames, List<String> secrets) {
        this.json = json;
        this.argumentNames = List.copyOf(argumentNames);
        this.secrets = List.copyOf(secrets);
    }

    /** The request's JSON, secrets masked; null for {@link #NONE}. */
    public @Nullable String json() {
        return json;
    }

    /** The top-level argument member names, in the order written. */
    public List<String> argumentNames() {
        return argumentNames;
    }

    /** {@code text} with every secret value of this request replaced by {@link Redaction#MASK}. */
    public String scrub(String text) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, Redaction.MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return json == null ? "RedactedRequest.NONE" : json;
    }
}
