package dev.qmpsdk.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the QEMU binary: {@code $QMPSDK_QEMU} (a path or a name on PATH), else {@code qemu-system-x86_64} on PATH. */
final class QemuBinary {
    static final String NAME = "qemu-system-x86_64";
    static final String ENV = "QMPSDK_QEMU";

    private QemuBinary() {}

    static Optional<Path> find(@Nullable String override, @Nullable String pathVariable) {
        return find(NAME, override, pathVariable);
    }

    /** {@code override} (a path or a name on PATH) when set, else {@code name} on PATH. */
    static Optional<Path> find(String name, @Nullable String override, @Nullable String pathVariable) {
        String wanted = override == null || override.isBlank() ? name : override.trim();
        if (wanted.contains(File.separator)) {
            Path p = Path.of(wanted);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, wanted);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> find() {
        return find(System.getenv(ENV), System.getenv("PATH"));
    }

    static String notFoundMessage() {
        String override = System.getenv(ENV);
        String which = override == null || override.isBlank() ? NAME : override + " (from $" + ENV + ")";
        return which + " not found: install it with `apt-get install qemu-system-x86` (the project's .ci/run does)";
    }
}
