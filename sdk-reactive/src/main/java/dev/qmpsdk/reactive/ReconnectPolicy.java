package dev.qmpsdk.reactive;

import java.time.Duration;

/**
 * How a fleet member reconnects after its connection ends without being removed (QEMU restarted): after
 * {@code firstBackoff}, doubling up to {@code maxBackoff}, for at most {@code maxAttempts} attempts in a row.
 *
 * <pre>{@code
 * fleet.add("web-1", options, ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 50));
 * }</pre>
 */
public record ReconnectPolicy(Duration firstBackoff, Duration maxBackoff, long maxAttempts) {
    /** Never reconnect: the VM's connection ends for good. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 0);

    public ReconnectPolicy {
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0 || maxAttempts < 0) {
            throw new IllegalArgumentException("reconnect policy needs 0 <= firstBackoff <= maxBackoff and maxAttempts >= 0");
        }
    }

    public static ReconnectPolicy backoff(Duration firstBackoff, Duration maxBackoff, long maxAttempts) {
        return new ReconnectPolicy(firstBackoff, maxBackoff, maxAttempts);
    }

    /** True when the policy reconnects at all (at least one attempt). */
    public boolean enabled() {
        return maxAttempts > 0;
    }
}
