package dev.qmpsdk.reactive;

import java.io.FileDescriptor;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A file descriptor to pass to QEMU with a command ({@code getfd}, {@code add-fd}), as {@code SCM_RIGHTS} ancillary
 * data on the monitor's Unix socket. The kernel gives QEMU its own copy of the descriptor when the command is written;
 * who closes the JVM's copy depends on how the source was made:
 *
 * <ul>
 *   <li>{@link #borrow(FileDescriptor)} / {@link #borrow(int)}: <b>the caller owns it</b>, before and after. The SDK
 *       never closes it; it reads it at most once, when the command is written, which is before the command's
 *       {@code Mono} completes or fails. Keep it open until then, and close it yourself afterwards (success, server
 *       error or lost connection alike: QEMU has its own copy, or none).</li>
 *   <li>{@link #open(Path, Access)}: <b>the SDK owns it</b>. It opens the file when the command is sent and closes it
 *       as soon as the descriptor was written to the socket, or was not going to be (the command failed before it was
 *       sent, was cancelled, or the connection ended): no descriptor stays open in the JVM in any case.</li>
 * </ul>
 *
 * <pre>{@code
 * try (RandomAccessFile image = new RandomAccessFile("/var/lib/vm1/disk.qcow2", "rw")) {
 *     AddfdInfo fd = qmp.passFdToSet(FdSource.borrow(image.getFD()), null).block();   // "/dev/fdset/" + fd.fdsetId()
 * }
 * qmp.passFd("migfile", FdSource.open(Path.of("/tmp/vm1.mig"), FdSource.Access.WRITE_TRUNCATE)).block();
 * }</pre>
 */
public final class FdSource {
    /** How {@link #open(Path, Access)} opens the file. */
    public enum Access {
        /** Read only; the file must exist. */
        READ,
        /** Read and write; created when missing, never truncated (a disk image). */
        READ_WRITE,
        /** Write only; created when missing, truncated when present (a migration stream to a file). */
        WRITE_TRUNCATE
    }

    private final @Nullable FileDescriptor borrowed;
    private final int borrowedNumber;
    private final @Nullable Path path;
    private final @Nullable Access access;

    private FdSource(@Nullable FileDescriptor borrowed, int borrowedNumber, @Nullable Path path, @Nullable Access access) {
        this.borrowed = borrowed;
        this.borrowedNumber = borrowedNumber;
        this.path = path;
        this.access = access;
    }

    /**
     * A descriptor the caller opened (for example {@code new RandomAccessFile(file, "rw").getFD()}) and keeps owning:
     * the SDK never closes it.
     */
    public static FdSource borrow(FileDescriptor descriptor) {
        return new FdSource(Objects.requireNonNull(descriptor, "descriptor"), -1, null, null);
    }

    /**
     * A descriptor by number (one inherited, or opened by native code), owned by the caller: the SDK never closes it.
     * It must be open when the command is sent; a number that is not fails with a {@code QmpFdPassingException}.
     */
    public static FdSource borrow(int descriptor) {
        if (descriptor < 0) {
            throw new IllegalArgumentException("a file descriptor is a number >= 0, got " + descriptor);
        }
        return new FdSource(null, descriptor, null, null);
    }

    /** A file the SDK opens when the command is sent and closes once the descriptor was written (or was not going to be). */
    public static FdSource open(Path path, Access access) {
        return new FdSource(null, -1, Objects.requireNonNull(path, "path"), Objects.requireNonNull(access, "access"));
    }

    /** The caller's descriptor; null for a number or a path. */
    public @Nullable FileDescriptor borrowedDescriptor() {
        return borrowed;
    }

    /** The caller's descriptor number; -1 for a {@link FileDescriptor} or a path. */
    public int borrowedNumber() {
        return borrowedNumber;
    }

    /** The file the SDK opens; null when the caller owns the descriptor. */
    public @Nullable Path path() {
        return path;
    }

    /** How the SDK opens {@link #path()}; null when the caller owns the descriptor. */
    public @Nullable Access access() {
        return access;
    }

    /** True when the SDK opens and closes the descriptor ({@link #open}). */
    public boolean ownedBySdk() {
        return path != null;
    }

    @Override
    public String toString() {
        return path != null ? "FdSource{open " + path + " " + access + "}"
                : borrowed != null ? "FdSource{borrowed " + borrowed + "}" : "FdSource{borrowed fd " + borrowedNumber + "}";
    }
}
