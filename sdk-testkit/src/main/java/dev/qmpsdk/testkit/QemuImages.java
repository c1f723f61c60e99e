package dev.qmpsdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Disk images for tests that give QEMU a disk, made with {@code qemu-img} (Debian package {@code qemu-utils}):
 *
 * <pre>{@code
 * Path base = QemuImages.createQcow2(dir.resolve("base.qcow2"), 64 << 20, null);
 * Path top = QemuImages.createQcow2(dir.resolve("top.qcow2"), 64 << 20, base);   // backed by base
 * QemuProcess.builder().machine("q35").extraArgs("-blockdev", "driver=file,filename=" + top + ",node-name=f0", ...)
 * }</pre>
 *
 * <p>Like {@link QemuProcess}, a missing {@code qemu-img} fails with a message saying how to install it.
 */
public final class QemuImages {
    static final String NAME = "qemu-img";
    static final String ENV = "QMPSDK_QEMU_IMG";

    private QemuImages() {}

    /** {@code $QMPSDK_QEMU_IMG} (a path or a name on PATH), else {@code qemu-img} on PATH. */
    public static Optional<Path> binary() {
        return QemuBinary.find(NAME, System.getenv(ENV), System.getenv("PATH"));
    }

    /** The {@code qemu-img} binary, or an {@link IllegalStateException} telling how to install it. */
    public static Path requireInstalled() {
        return binary().orElseThrow(() -> new IllegalStateException(NAME + " not found: install it with"
                + " `apt-get install qemu-utils` (the project's .ci/run does), or set $" + ENV + " to the binary"));
    }

    /**
     * Creates a qcow2 image of {@code virtualSize} bytes at {@code file}, backed by the qcow2 image
     * {@code backingFile} when given.
     *
     * @return {@code file}
     * @throws IllegalStateException when qemu-img is missing or fails (with its output)
     */
    public static Path createQcow2(Path file, long virtualSize, @Nullable Path backingFile) {
        List<String> command = new ArrayList<>(List.of(requireInstalled().toString(), "create", "-q", "-f", "qcow2"));
        if (backingFile != null) {
            command.addAll(List.of("-b", backingFile.toAbsolutePath().toString(), "-F", "qcow2"));
        }
        command.addAll(List.of(file.toAbsolutePath().toString(), Long.toString(virtualSize)));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit + ": " + output.strip());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
