package dev.qmpsdk.benchmarks;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Latency samples in nanoseconds, kept up to a fixed capacity (later samples are counted, not kept). */
public final class Latencies {
    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();

    public Latencies(int capacity) {
        samples = new long[capacity];
    }

    public void record(long nanos) {
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    public int count() {
        return next.get();
    }

    /** The q-quantile (0..1) in microseconds, over the kept samples. */
    public double quantileMicros(double q) {
        int n = Math.min(next.get(), samples.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int idx = (int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
        return sorted[idx] / 1000.0;
    }
}
