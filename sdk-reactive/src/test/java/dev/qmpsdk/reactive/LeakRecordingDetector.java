package dev.qmpsdk.reactive;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty's leak detector, recording every leak report so a test can fail on it (Netty itself only logs).
 * Installed for the whole test JVM by {@code -Dio.netty.customResourceLeakDetector} in this module's pom.
 *
 * @param <T> the tracked resource type
 */
public final class LeakRecordingDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** The hint of the buffer a test leaks on purpose to prove the detector works; its report is not logged. */
    static final String CANARY = "deliberately-leaked-canary";

    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        INSTANCES.incrementAndGet();
    }

    public LeakRecordingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Every leak reported so far in this JVM, with its access records. */
    static List<String> reports() {
        return List.copyOf(REPORTS);
    }

    /** How many detectors Netty created through this class (0: the pom's property is not in effect). */
    static int instances() {
        return INSTANCES.get();
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + records);
        if (!records.contains(CANARY)) {
            super.reportTracedLeak(resourceType, records);
        }
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add("LEAK: " + resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
