package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpFdPassingException;
import dev.qmpsdk.reactive.FdSource;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One descriptor on its way to the socket: resolved from an {@link FdSource} when its command is sent (a path is
 * opened then), written as Netty's {@link io.netty.channel.unix.FileDescriptor} right before the command's bytes, and
 * {@link #done()} once it was written or will not be, which closes it when the SDK opened it. A borrowed descriptor
 * is never closed here.
 *
 * <pre>{@code
 * PassedFd fd = PassedFd.resolve(source, "getfd");   // throws QmpFdPassingException: not open, cannot open
 * channel.write(fd.netty()).addListener(f -> fd.done());
 * }</pre>
 */
final class PassedFd {
    private final int number;
    private final @Nullable Closeable owned;
    private final String description;
    private final AtomicBoolean done = new AtomicBoolean();

    private PassedFd(int number, @Nullable Closeable owned, String description) {
        this.number = number;
        this.owned = owned;
        this.description = description;
    }

    /** Opens or checks the source's descriptor for {@code command}; fails naming the descriptor and what is wrong. */
    static PassedFd resolve(FdSource source, String command) {
        Path path = source.path();
        if (path != null) {
            return open(path, source.access(), command);
        }
        FileDescriptor borrowed = source.borrowedDescriptor();
        int number = borrowed != null ? numberOf(borrowed, command) : source.borrowedNumber();
        String description = "descriptor " + number + (borrowed != null ? " (" + borrowed + ")" : "");
        // Writing a closed descriptor makes sendmsg fail with EBADF, which Netty answers by closing the connection.
        if (!Files.exists(Path.of("/proc/self/fd/" + number))) {
            throw new QmpFdPassingException("cannot pass " + description + " with '" + command + "': it is not open in this JVM "
                    + "(closed already? the caller owns a borrowed descriptor and must keep it open until the command completes)");
        }
        return new PassedFd(number, null, description);
    }

    private static PassedFd open(Path path, FdSource.@Nullable Access access, String command) {
        Closeable file;
        FileDescriptor descriptor;
        try {
            switch (access == null ? FdSource.Access.READ : access) {
                case READ -> {
                    FileInputStream in = new FileInputStream(path.toFile());
                    file = in;
                    descriptor = in.getFD();
                }
                case READ_WRITE -> {
                    RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
                    file = raf;
                    descriptor = raf.getFD();
                }
                default -> {
                    FileOutputStream out = new FileOutputStream(path.toFile());
                    file = out;
                    descriptor = out.getFD();
                }
            }
        } catch (IOException e) {
            throw new QmpFdPassingException("cannot open " + path + " (" + access + ") to pass it with '" + command + "': " + e.getMessage(), e);
        }
        try {
            return new PassedFd(numberOf(descriptor, command), file, path + " (" + access + ")");
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    /** The descriptor as Netty writes it: {@code EpollDomainSocketChannel} sends it with {@code SCM_RIGHTS}. */
    io.netty.channel.unix.FileDescriptor netty() {
        return new io.netty.channel.unix.FileDescriptor(number);
    }

    int number() {
        return number;
    }

    String description() {
        return description;
    }

    /** Written, or never going to be: closes a descriptor the SDK opened. Idempotent, any thread. */
    void done() {
        if (done.compareAndSet(false, true) && owned != null) {
            closeQuietly(owned);
        }
    }

    private static void closeQuietly(Closeable file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // Closing a file we only read from or handed on cannot lose data of ours.
        }
    }

    /**
     * The number behind a {@link FileDescriptor}. The JDK offers no public accessor; its private {@code fd} field is
     * read with {@code sun.misc.Unsafe} (module {@code jdk.unsupported}, open to every class path), through reflection
     * so that nothing is compiled against it.
     */
    private static int numberOf(FileDescriptor descriptor, String command) {
        if (!descriptor.valid()) {
            throw new QmpFdPassingException("cannot pass " + descriptor + " with '" + command + "': it is closed (not valid)");
        }
        try {
            return FieldReader.read(descriptor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new QmpFdPassingException("cannot read the number of " + descriptor + " to pass it with '" + command + "': this JVM hides "
                    + "java.io.FileDescriptor.fd (" + e + "); pass FdSource.open(path, access) or FdSource.borrow(int) instead", e);
        }
    }

    /** Reads {@code java.io.FileDescriptor.fd}; resolved once. */
    private static final class FieldReader {
        private static final Object UNSAFE;
        private static final Method GET_INT;
        private static final long OFFSET;
        private static final @Nullable ReflectiveOperationException FAILURE;

        static {
            Object unsafe = null;
            Method getInt = null;
            long offset = -1;
            ReflectiveOperationException failure = null;
            try {
                Class<?> type = Class.forName("sun.misc.Unsafe");
                Field the = type.getDeclaredField("theUnsafe");
                the.setAccessible(true);
                unsafe = the.get(null);
                offset = (long) type.getMethod("objectFieldOffset", Field.class).invoke(unsafe, FileDescriptor.class.getDeclaredField("fd"));
                getInt = type.getMethod("getInt", Object.class, long.class);
            } catch (ReflectiveOperationException e) {
                failure = e;
            }
            UNSAFE = unsafe;
            GET_INT = getInt;
            OFFSET = offset;
            FAILURE = failure;
        }

        static int read(FileDescriptor descriptor) throws ReflectiveOperationException {
            if (FAILURE != null) {
                throw FAILURE;
            }
            int fd = (int) GET_INT.invoke(UNSAFE, descriptor, OFFSET);
            if (fd < 0) {
                throw new IllegalStateException("the descriptor has no number (" + fd + ")");
            }
            return fd;
        }
    }
}
