package dev.qmpsdk.cli;

/**
 * A failure the CLI reports on stderr with its exit code: {@link #COMMAND_FAILED} (the server answered with
 * an error), {@link #USAGE} (bad options or arguments, found before anything was sent) or
 * {@link #CONNECTION} (the monitor could not be reached, is not QMP, or did not answer in time).
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int OK = 0;
    static final int COMMAND_FAILED = 1;
    static final int USAGE = 2;
    static final int CONNECTION = 3;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A connection failure caused by {@code cause} (the shell then waits to see whether the connection ended). */
    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException connection(String message) {
        return new CliException(CONNECTION, message);
    }

    int exitCode() {
        return exitCode;
    }
}
