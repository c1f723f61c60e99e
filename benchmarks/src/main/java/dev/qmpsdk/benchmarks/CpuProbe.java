package dev.qmpsdk.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** CPU time consumed so far by some threads of this JVM or by another process, in nanoseconds. */
@FunctionalInterface
public interface CpuProbe {
    long cpuNanos();

    /** The threads of this JVM whose names match (threads that ended are not counted). */
    static CpuProbe threads(Predicate<String> names) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return () -> {
            long total = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (names.test(t.getName())) {
                    long ns = mx.getThreadCpuTime(t.getId());
                    if (ns > 0) {
                        total += ns;
                    }
                }
            }
            return total;
        };
    }

    /** The calling thread. */
    static CpuProbe currentThread() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx::getCurrentThreadCpuTime;
    }

    /** Another process (user + system time from /proc, clock-tick resolution: 10 ms). */
    static CpuProbe process(long pid) {
        return () -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                return ticks * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        };
    }

    static CpuProbe none() {
        return () -> 0;
    }
}
