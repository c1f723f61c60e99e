package dev.qmpsdk.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code qmp shell} keeps the lines typed on a terminal (lines read from a pipe are not recorded):
 * {@code $XDG_STATE_HOME/qmp/history} for QMP lines and {@code $XDG_STATE_HOME/qmp/hmp-history} for HMP lines
 * ({@code -H}), with {@code ~/.local/state} when {@code XDG_STATE_HOME} is unset, as the XDG base directory
 * specification says; {@code --history FILE} chooses another file.
 */
final class ShellHistory {
    private ShellHistory() {}

    /** The history file for QMP lines, or for HMP lines when {@code hmp}. */
    static Path defaultFile(Map<String, String> environment, String userHome, boolean hmp) {
        String state = environment.get("XDG_STATE_HOME");
        // The specification says to ignore a relative path.
        Path dir = state != null && !state.isEmpty() && Path.of(state).isAbsolute()
                ? Path.of(state)
                : Path.of(userHome, ".local", "state");
        return dir.resolve("qmp").resolve(hmp ? "hmp-history" : "history");
    }

    /** The history file of this process's user. */
    static Path defaultFile(boolean hmp) {
        return defaultFile(System.getenv(), System.getProperty("user.home"), hmp);
    }
}
