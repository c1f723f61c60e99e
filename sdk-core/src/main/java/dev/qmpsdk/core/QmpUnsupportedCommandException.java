package dev.qmpsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * A command, or an argument member of one, that the connected server does not have, refused before sending (the
 * client's {@code checkAgainstServer} option): the server's {@code query-qmp-schema} does not list it, typically
 * because a newer QEMU removed or renamed it ({@code query-cpus}, gone in QEMU 6.0, became {@code query-cpus-fast}).
 *
 * <pre>{@code
 * try {
 *     client.queryCpus().block();
 * } catch (QmpUnsupportedCommandException e) {
 *     log.warn("{} (server {})", e.command(), e.serverVersion());
 * }
 * }</pre>
 */
public class QmpUnsupportedCommandException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final @Nullable String member;
    private final String serverVersion;

    /**
     * @param member the argument member the server lacks, or null when it lacks the command
     */
    public QmpUnsupportedCommandException(String command, @Nullable String member, String serverVersion) {
        super(member == null
                ? "the server (QEMU " + serverVersion + ") has no command '" + command + "': it was removed or renamed in"
                        + " that version, or never existed there; nothing was sent"
                : "the server (QEMU " + serverVersion + ") has no argument '" + member + "' for command '" + command
                        + "': it was removed or renamed in that version; nothing was sent");
        this.command = command;
        this.member = member;
        this.serverVersion = serverVersion;
    }

    /** The command's wire name. */
    public String command() {
        return command;
    }

    /** The argument member the server lacks, or null when it lacks the whole command. */
    public @Nullable String member() {
        return member;
    }

    /** The server's version from its greeting ({@code 7.2.22}), or {@code unknown}. */
    public String serverVersion() {
        return serverVersion;
    }
}
