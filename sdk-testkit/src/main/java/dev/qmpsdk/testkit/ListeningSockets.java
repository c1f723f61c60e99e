package dev.qmpsdk.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a socket is listening, read from the kernel's socket tables ({@code /proc/net/unix},
 * {@code /proc/net/tcp}) instead of by connecting to it.
 *
 * <p>Why not connect: QEMU 7.2 moves its QMP monitor's socket to the monitor I/O thread in a bottom half that
 * runs some time after the socket already listens. A client that connects and hangs up inside that window
 * races the main thread (which accepts and tears down the connection, setting the channel to NULL) against
 * the I/O thread (which re-arms watches on the channel it believes connected), and QEMU dies with SIGSEGV in
 * {@code object_get_class()} called from {@code qio_channel_create_watch()} (monitor_qmp_setup_handlers_bh →
 * qemu_chr_fe_set_handlers → tcp_chr_update_read_handler); other interleavings end in a use-after-free in
 * io_watch_poll_prepare or the assertion {@code s->state == TCP_CHARDEV_STATE_DISCONNECTED} in
 * tcp_chr_change_state. A start check that connected and closed at once triggered this, about once in two
 * hundred starts on a loaded machine. A client that reads the greeting first is safe: QEMU greets only after
 * that move.
 */
final class ListeningSockets {
    /** {@code __SO_ACCEPTCON} in the Flags column of {@code /proc/net/unix}: the socket listens. */
    private static final int ACCEPTING = 0x10000;
    /** {@code TCP_LISTEN} in the st column of {@code /proc/net/tcp}. */
    private static final String TCP_LISTEN = "0A";
    /** 127.0.0.1 as {@code /proc/net/tcp} prints it, little- and big-endian hosts. */
    private static final List<String> LOOPBACK_HEX = List.of("0100007F", "7F000001");

    static final Path UNIX_TABLE = Path.of("/proc/net/unix");
    static final Path TCP_TABLE = Path.of("/proc/net/tcp");

    private ListeningSockets() {}

    /** Whether some process listens on this Unix socket path; empty when the kernel table cannot be read. */
    static Optional<Boolean> unixListening(Path socket) {
        Optional<List<String>> table = read(UNIX_TABLE);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        String wanted = socket.toString();
        for (String line : table.get().subList(Math.min(1, table.get().size()), table.get().size())) {
            // Num RefCount Protocol Flags Type St Inode [Path]; the path may contain spaces.
            String[] fields = line.trim().split("\\s+", 8);
            if (fields.length == 8 && fields[7].equals(wanted) && (Integer.parseInt(fields[3], 16) & ACCEPTING) != 0) {
                return Optional.of(true);
            }
        }
        return Optional.of(false);
    }

    /** Whether some process listens on 127.0.0.1 at this TCP port; empty when the kernel table cannot be read. */
    static Optional<Boolean> loopbackTcpListening(int port) {
        Optional<List<String>> table = read(TCP_TABLE);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        String portHex = String.format(Locale.ROOT, "%04X", port);
        for (String line : table.get().subList(Math.min(1, table.get().size()), table.get().size())) {
            // sl local_address rem_address st ...; local_address is ADDR:PORT in hex.
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[3].equals(TCP_LISTEN)) {
                String[] local = fields[1].split(":");
                if (local.length == 2 && local[1].equalsIgnoreCase(portHex) && LOOPBACK_HEX.contains(local[0].toUpperCase(Locale.ROOT))) {
                    return Optional.of(true);
                }
            }
        }
        return Optional.of(false);
    }

    private static Optional<List<String>> read(Path table) {
        try {
            return Optional.of(Files.readAllLines(table, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
