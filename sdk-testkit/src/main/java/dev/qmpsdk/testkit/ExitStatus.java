package dev.qmpsdk.testkit;

import java.util.Map;

/** Says how a process ended, naming the signal when Java's exit code is 128 + a signal number. */
final class ExitStatus {
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS",
            8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");
    private static final int SIGNALLED = 128;

    private ExitStatus() {}

    /**
     * {@code "exited with code 1"}, or for a process killed by a signal (Java reports 128 + the signal number)
     * {@code "exited with code 139 (128+11: killed by SIGSEGV, a crash)"}.
     */
    static String describe(int exitCode) {
        int signal = exitCode - SIGNALLED;
        if (signal <= 0 || signal >= 65) {
            return "exited with code " + exitCode;
        }
        String name = SIGNALS.getOrDefault(signal, "signal " + signal);
        String kind = switch (signal) {
            case 4, 6, 7, 8, 11 -> ", a crash";
            default -> "";
        };
        return "exited with code " + exitCode + " (128+" + signal + ": killed by " + name + kind + ")";
    }
}
