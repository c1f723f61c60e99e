package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpFdPassingException;
import dev.qmpsdk.core.QmpTransportUnavailableException;
import dev.qmpsdk.core.qapi.misc.AddfdInfo;
import dev.qmpsdk.core.qapi.runstate.RunState;
import dev.qmpsdk.testkit.QemuImages;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * File descriptors passed to a real QEMU 7.2 with {@code SCM_RIGHTS}: a qcow2 image opened in the JVM and added to an
 * fd set, then opened by {@code blockdev-add} as {@code /dev/fdset/N}; a file for {@code migrate} to {@code fd:NAME};
 * bad descriptors, server errors and TCP. Every test counts this JVM's open descriptors ({@code /proc/self/fd})
 * before and after: the SDK closes what it opened and nothing else.
 */
class QemuFdPassingIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    @BeforeAll
    static void qemuMustBeInstalled() {
        QemuProcess.requireInstalled();
        QemuImages.requireInstalled();
    }

    @Test
    void aQcow2ImageOpenedInTheJvmIsAddedToAnFdSetAndOpenedByBlockdevAddThroughDevFdset() throws Exception {
        Path image = QemuImages.createQcow2(dir.resolve("disk.qcow2"), 64L << 20, null);
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = connect(qemu);
            try {
                int before = openDescriptors();
                AddfdInfo added;
                try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                    added = client.passFdToSet(FdSource.borrow(file.getFD()), null).block(T);
                    assertTrue(file.getFD().valid(), "a borrowed descriptor stays the caller's, open");
                }
                // QEMU holds its own copy: the JVM's was closed above, the image is still QEMU's to open.
                assertEquals(image.toRealPath(), Path.of("/proc/" + qemu.pid() + "/fd/" + added.fd()).toRealPath());
                String filename = "/dev/fdset/" + added.fdsetId();
                ObjectNode blockdev = JSON.objectNode().put("driver", "qcow2").put("node-name", "disk0");
                blockdev.putObject("file").put("driver", "file").put("filename", filename);
                client.executeRaw("blockdev-add", blockdev).block(T);

                JsonNode nodes = client.executeRaw("query-named-block-nodes", null).block(T);
                JsonNode disk = node(nodes, "disk0");
                assertEquals("qcow2", disk.path("drv").asText(), disk::toString);
                assertEquals(64L << 20, disk.path("image").path("virtual-size").asLong(), disk::toString);
                assertEquals(filename, disk.path("image").path("filename").asText().replace("json:", ""), disk::toString);

                client.executeRaw("blockdev-del", JSON.objectNode().put("node-name", "disk0")).block(T);
                client.removeFdFromSet(added.fdsetId(), null).block(T);
                awaitDescriptors(before);
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aFileOpenedByTheSdkIsPassedWithGetfdForMigrateToFdAndClosedAfterwards() throws Exception {
        Path stream = dir.resolve("vm.mig");
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = connect(qemu);
            try {
                int before = openDescriptors();
                client.passFd("migfile", FdSource.open(stream, FdSource.Access.WRITE_TRUNCATE)).block(T);
                awaitDescriptors(before);   // the SDK's copy is closed once written: QEMU has its own
                client.executeRaw("migrate", JSON.objectNode().put("uri", "fd:migfile")).block(T);
                String status = "";
                for (long end = System.nanoTime() + T.toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
                    status = client.executeRaw("query-migrate", null).block(T).path("status").asText();
                    if (status.equals("completed") || status.equals("failed")) {
                        break;
                    }
                }
                assertEquals("completed", status);
                byte[] head = new byte[4];
                try (var in = Files.newInputStream(stream)) {
                    assertEquals(4, in.read(head));
                }
                assertEquals("QEVM", new String(head, java.nio.charset.StandardCharsets.US_ASCII), "QEMU's migration stream magic");
                assertEquals(RunState.POSTMIGRATE, client.queryStatus().block(T).status());
                // migrate took the named descriptor: closing the name again is QEMU's error, typed.
                QmpCommandException gone = assertInstanceOf(QmpCommandException.class, failure(client.closePassedFd("migfile")));
                assertTrue(gone.getMessage().contains("migfile"), gone.getMessage());
                awaitDescriptors(before);
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void descriptorsPassedAtOnceEachReachTheirOwnSet() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(Files.writeString(dir.resolve("f" + i), "file " + i));
        }
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = connect(qemu);
            try {
                int before = openDescriptors();
                List<AddfdInfo> added = Flux.fromIterable(files)
                        .flatMapSequential(f -> client.passFdToSet(FdSource.open(f, FdSource.Access.READ), null))
                        .collectList().block(T);
                for (int i = 0; i < files.size(); i++) {
                    assertEquals(files.get(i).toRealPath(), Path.of("/proc/" + qemu.pid() + "/fd/" + added.get(i).fd()).toRealPath(),
                            "the descriptor of set " + added.get(i).fdsetId());
                }
                assertEquals(0, client.stats().unknownIdReplies(), "the server's answers to the bytes sent with descriptors are expected");
                awaitDescriptors(before);
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void badDescriptorsAndServerErrorsFailTypedLeakNothingAndLeaveTheConnectionUsable() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "data");
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = connect(qemu);
            try {
                int before = openDescriptors();
                FileDescriptor closed;
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    closed = raf.getFD();
                }
                QmpFdPassingException notValid = assertInstanceOf(QmpFdPassingException.class,
                        failure(client.passFd("a", FdSource.borrow(closed))));
                assertTrue(notValid.getMessage().contains("closed") && notValid.getMessage().contains("getfd"), notValid.getMessage());

                int unused = unusedDescriptorNumber();
                QmpFdPassingException notOpen = assertInstanceOf(QmpFdPassingException.class,
                        failure(client.passFd("a", FdSource.borrow(unused))));
                assertTrue(notOpen.getMessage().contains("descriptor " + unused) && notOpen.getMessage().contains("not open"), notOpen.getMessage());

                QmpFdPassingException missing = assertInstanceOf(QmpFdPassingException.class,
                        failure(client.passFd("a", FdSource.open(dir.resolve("no-such-file"), FdSource.Access.READ))));
                assertTrue(missing.getMessage().contains("no-such-file"), missing.getMessage());

                // QEMU refuses a name starting with a digit (and closes the descriptor it received): its error, typed.
                QmpCommandException refused = assertInstanceOf(QmpCommandException.class,
                        failure(client.passFd("1st", FdSource.open(file, FdSource.Access.READ))));
                assertEquals("getfd", refused.command());
                assertTrue(refused.description().contains("fdname"), refused.description());

                // The same name twice: QEMU replaces (and closes) the first; one closefd releases it, a second fails.
                client.passFd("dup", FdSource.open(file, FdSource.Access.READ)).block(T);
                client.passFd("dup", FdSource.open(file, FdSource.Access.READ)).block(T);
                client.closePassedFd("dup").block(T);
                QmpCommandException unknown = assertInstanceOf(QmpCommandException.class, failure(client.closePassedFd("dup")));
                assertTrue(unknown.description().contains("dup"), unknown.description());

                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status(), "the connection stays usable");
                assertEquals(0, client.stats().unknownIdReplies());
                assertEquals(0, client.stats().protocolErrors());
                awaitDescriptors(before);
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aConnectionThatEndedFailsTheCommandAndOpensNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "data");
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpClient client = connect(qemu);
            int before = openDescriptors();
            client.close().block(T);
            assertInstanceOf(QmpConnectionException.class, failure(client.passFd("late", FdSource.open(file, FdSource.Access.READ))));
            awaitDescriptors(before);
        }
    }

    @Test
    void aTcpMonitorCannotCarryDescriptors() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "data");
        try (QemuProcess qemu = QemuProcess.builder().qmpTcp(0).start()) {
            QmpClient client = QmpClient.connect(QmpClientOptions.tcp("127.0.0.1", qemu.tcpPort()).build()).block(T);
            try {
                int before = openDescriptors();
                QmpTransportUnavailableException tcp = assertInstanceOf(QmpTransportUnavailableException.class,
                        failure(client.passFd("a", FdSource.open(file, FdSource.Access.READ))));
                assertTrue(tcp.getMessage().contains("Unix socket") && tcp.getMessage().contains("TCP"), tcp.getMessage());
                assertEquals(RunState.RUNNING, client.queryStatus().block(T).status());
                awaitDescriptors(before);
            } finally {
                client.close().block(T);
            }
        }
    }

    @Test
    void aFleetVmPassesDescriptorsOnItsCurrentConnection() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "data");
        try (QemuProcess qemu = QemuProcess.builder().qmpUnixSocket().start()) {
            QmpFleet fleet = QmpFleet.create();
            try {
                QmpClient vm = fleet.add("vm1", QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
                AddfdInfo added = vm.passFdToSet(FdSource.open(file, FdSource.Access.READ), null).block(T);
                assertEquals(file.toRealPath(), Path.of("/proc/" + qemu.pid() + "/fd/" + added.fd()).toRealPath());
                vm.removeFdFromSet(added.fdsetId(), added.fd()).block(T);
            } finally {
                fleet.close().block(T);
            }
        }
    }

    private static QmpClient connect(QemuProcess qemu) {
        QmpClient client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).commandTimeout(T).build()).block(T);
        client.queryStatus().block(T);   // classes loaded, pools warmed: what follows opens no descriptor of its own
        return client;
    }

    private static JsonNode node(JsonNode nodes, String name) {
        for (JsonNode n : nodes) {
            if (n.path("node-name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name + " in " + nodes);
    }

    static Throwable failure(Mono<?> command) {
        try {
            command.block(T);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the command succeeded");
    }

    static int openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The count may lag by what other threads open and close for a moment; it must come back to {@code expected}. */
    static void awaitDescriptors(int expected) {
        FakeServers.await(() -> openDescriptors() <= expected, Duration.ofSeconds(10),
                () -> "open descriptors of this JVM: " + openDescriptors() + ", before: " + expected);
    }

    private static int unusedDescriptorNumber() {
        for (int n = 900; ; n++) {
            if (!Files.exists(Path.of("/proc/self/fd/" + n))) {
                return n;
            }
        }
    }
}
