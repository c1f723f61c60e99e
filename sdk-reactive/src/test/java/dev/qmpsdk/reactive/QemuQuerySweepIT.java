package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpMissingMemberException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.DecodeContext;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.blockcore.BlockDeviceInfo;
import dev.qmpsdk.core.qapi.blockcore.BlockInfo;
import dev.qmpsdk.core.qapi.misc.CommandInfo;
import dev.qmpsdk.testkit.QemuImages;
import dev.qmpsdk.testkit.QemuProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every typed query of the 2.11.2 model that the installed QEMU (7.2) still has, and the other read-only
 * commands, against a VM with a device of every kind the Debian build runs without a guest: a qcow2 disk with a
 * backing image (blockdev), a CD-ROM, virtio-net on a user netdev, a serial port on a chardev, a USB
 * controller with a tablet, VNC on a Unix socket, a balloon, an iothread, a DIMM, a rocker switch and a VM
 * generation id. Each answer must decode in tolerant mode through the typed API (a failure names the command
 * and the JSON path); what strict mode rejects is reported, not failed, to show why tolerance is needed.
 *
 * <p>{@code -Dqmpsdk.sweep.capture=FILE} writes the raw answers to FILE; the committed copy
 * ({@code sdk-core/src/test/resources/qemu-7.2/query-answers.json}) is what {@code QemuQueryAnswersTest} decodes
 * without QEMU.
 */
class QemuQuerySweepIT {
    private static final Duration T = Duration.ofSeconds(30);

    /** Arguments for the queries that need some, and further variants worth decoding; {@code {}} is none. */
    private static final Map<String, List<String>> ARGUMENTS = Map.of(
            "query-cpu-model-expansion", List.of("{\"type\": \"full\", \"model\": {\"name\": \"qemu64\"}}",
                    "{\"type\": \"static\", \"model\": {\"name\": \"qemu64\"}}"),
            "query-rocker", List.of("{\"name\": \"sw1\"}"),
            "query-rocker-ports", List.of("{\"name\": \"sw1\"}"),
            "query-rocker-of-dpa-flows", List.of("{\"name\": \"sw1\"}"),
            "query-rocker-of-dpa-groups", List.of("{\"name\": \"sw1\"}"),
            "query-blockstats", List.of("{}", "{\"query-nodes\": true}"),
            "query-command-line-options", List.of("{}", "{\"option\": \"drive\"}"));

    /** Read-only commands whose names do not start with {@code query-}, with their arguments. */
    private static final Map<String, List<String>> OTHER_READ_ONLY = Map.of(
            "qom-list", List.of("{\"path\": \"/machine/peripheral\"}"),
            "qom-list-types", List.of("{}", "{\"implements\": \"device\", \"abstract\": true}"),
            "qom-get", List.of("{\"path\": \"/machine\", \"property\": \"type\"}"),
            "device-list-properties", List.of("{\"typename\": \"virtio-net-pci\"}"));

    @TempDir
    static Path dir;

    private static QemuProcess qemu;
    private static QmpClient client;

    @BeforeAll
    static void startVmWithEveryDeviceKind() {
        Path base = QemuImages.createQcow2(dir.resolve("base.qcow2"), 64L << 20, null);
        Path disk = QemuImages.createQcow2(dir.resolve("disk.qcow2"), 64L << 20, base);
        Path cd = QemuImages.createQcow2(dir.resolve("cd.qcow2"), 1L << 20, null);
        qemu = QemuProcess.builder().machine("q35").extraArgs(
                "-accel", "tcg", "-S", "-name", "sweep", "-uuid", "5c0b2cc4-0e79-4b7f-9d4b-0c8b1f3c8a11",
                "-m", "128,slots=2,maxmem=1G",
                "-blockdev", "driver=file,filename=" + disk + ",node-name=disk0-file",
                "-blockdev", "driver=qcow2,file=disk0-file,node-name=disk0",
                "-device", "virtio-blk-pci,drive=disk0,id=vda",
                "-drive", "if=none,id=cd0,media=cdrom,file=" + cd + ",format=qcow2,readonly=on",
                "-device", "ide-cd,drive=cd0,bus=ide.0,id=cdrom0",
                "-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0,id=nic0",
                "-chardev", "null,id=ser0", "-device", "isa-serial,chardev=ser0,id=serial0",
                "-device", "qemu-xhci,id=usb0", "-device", "usb-tablet,bus=usb0.0,id=tablet0",
                "-vnc", "unix:" + dir.resolve("vnc.sock"),
                "-device", "virtio-balloon-pci,id=balloon0",
                "-object", "iothread,id=io0",
                "-object", "memory-backend-ram,id=mem1,size=64M", "-device", "pc-dimm,id=dimm1,memdev=mem1",
                "-device", "rocker,name=sw1,id=rocker0",
                "-device", "vmgenid,id=vmgenid0").start();
        client = QmpClient.connect(QmpClientOptions.unix(qemu.socketPath()).build()).block(T);
        assertNotNull(client);
        assertFalse(client.options().strict(), "the sweep checks the default, tolerant decoding");
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close().block(T);
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    /** One command with one set of arguments, its raw answer, and what decoding made of it. */
    private record Answer(String command, JsonNode arguments, JsonNode reply) {}

    @Test
    void everyTypedQueryDecodesTolerantlyAndStrictRejectionsAreReported() throws IOException {
        Set<String> offered = new TreeSet<>();
        for (CommandInfo c : client.execute(QmpCommands.QUERY_COMMANDS, null).block(T)) {
            offered.add(c.name());
        }
        List<String> swept = new ArrayList<>();
        for (CommandDescriptor<?, ?> c : QmpCommands.ALL) {
            if (offered.contains(c.name()) && (c.name().startsWith("query-") || OTHER_READ_ONLY.containsKey(c.name()))) {
                swept.add(c.name());
            }
        }
        assertTrue(swept.size() >= 45, "2.11.2 queries that 7.2 still has: " + swept);

        List<String> failures = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        Map<String, String> strictRejects = new LinkedHashMap<>();
        QmpCodec strict = QmpCodec.of(QmpEvents.REGISTRY).withStrict(true);
        for (String name : swept) {
            CommandDescriptor<?, ?> command = QmpCommands.byName(name);
            for (String arguments : ARGUMENTS.getOrDefault(name, OTHER_READ_ONLY.getOrDefault(name, List.of("{}")))) {
                String label = name + (arguments.equals("{}") ? "" : " " + arguments);
                JsonNode args = QapiJson.TREE_MAPPER.readTree(arguments);
                JsonNode raw;
                try {
                    raw = client.executeRaw(name, args.isEmpty() ? null : args, T).block(T);
                    sweepTyped(command, args);
                } catch (QmpCommandException e) {
                    failures.add(label + ": the server answered with an error (give the sweep a device or arguments for it): "
                            + e.getMessage());
                    continue;
                } catch (QmpProtocolException | QmpMissingMemberException e) {
                    failures.add(label + ": " + e.getMessage());
                    continue;
                }
                ObjectNode reply = JsonNodeFactory.instance.objectNode();
                reply.set("return", raw);
                reply.put("id", 1);
                answers.add(new Answer(name, args, reply));
                try {
                    strict.decodeResult(command, QapiJson.TREE_MAPPER.writeValueAsBytes(reply));
                } catch (QmpProtocolException e) {
                    strictRejects.put(label, e.getMessage());
                }
            }
        }
        System.out.println("QemuQuerySweepIT: " + swept.size() + " commands swept (" + answers.size() + " answers) on "
                + version(client.greeting()) + ": " + swept);
        strictRejects.forEach((label, why) -> System.out.println("  strict mode rejects " + label + ": " + why));
        capture(answers);
        assertEquals(List.of(), failures, "commands whose answers the typed API cannot decode tolerantly");
    }

    /** The typed call (tolerant decoding), its value printed and re-encoded, which must never throw. */
    private static <A, R> void sweepTyped(CommandDescriptor<A, R> command, JsonNode arguments) throws IOException {
        A typed = null;
        if (command.hasArguments()) {
            try (JsonParser p = QapiJson.TREE_MAPPER.treeAsTokens(arguments)) {
                p.nextToken();
                typed = command.readArguments(p, DecodeContext.of(true, "arguments of " + command.name()));
            }
        }
        R value = client.execute(command, typed, T).block(T);
        String.valueOf(value);
        QmpCodec.of(QmpEvents.REGISTRY).encodeReturn(command, value, null);
    }

    @Test
    void theBlockQueriesDeliverTheNodeWithoutTheMemberQemuRemoved() {
        List<BlockDeviceInfo> nodes = client.queryNamedBlockNodes().block(T);
        assertNotNull(nodes);
        BlockDeviceInfo disk = nodes.stream().filter(n -> "disk0".equals(n.nodeName())).findFirst().orElseThrow(
                () -> new AssertionError("node disk0 not among " + nodes));
        assertFalse(disk.hasEncryptionKeyMissing(), "QEMU 7.2 no longer sends encryption_key_missing");
        QmpMissingMemberException e = assertThrows(QmpMissingMemberException.class, disk::encryptionKeyMissing);
        assertEquals("BlockDeviceInfo", e.typeName());
        assertEquals("encryption_key_missing", e.memberName());
        assertEquals("qcow2", disk.drv());
        assertNotNull(disk.image().backingImage(), "the disk has a backing image");
        List<BlockInfo> devices = client.execute(QmpCommands.QUERY_BLOCK, null).block(T);
        assertNotNull(devices);
        assertTrue(devices.stream().anyMatch(d -> "cd0".equals(d.device()) && d.inserted() != null), "CD-ROM with a medium: " + devices);
    }

    private static String version(QmpGreeting g) {
        return g == null ? "QEMU ?" : "QEMU " + g.version();
    }

    /**
     * Writes the raw answers to {@code -Dqmpsdk.sweep.capture} when set: one answer per line (the file stays small
     * enough to commit and to diff), temporary paths replaced by {@code DIR} and {@code SOCKETDIR}.
     */
    private static void capture(List<Answer> answers) throws IOException {
        String target = System.getProperty("qmpsdk.sweep.capture");
        if (target == null || target.isBlank()) {
            return;
        }
        ObjectNode head = JsonNodeFactory.instance.objectNode();
        head.put("qemu", version(client.greeting()) + " (" + client.greeting().packageVersion() + ")");
        head.put("captured-by", "QemuQuerySweepIT (sdk-reactive) with -Dqmpsdk.sweep.capture");
        qemu.command().forEach(head.putArray("command-line")::add);
        StringBuilder text = new StringBuilder("{\n");
        head.properties().forEach(e -> text.append("  \"").append(e.getKey()).append("\": ").append(e.getValue()).append(",\n"));
        text.append("  \"answers\": [\n");
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.put("command", a.command());
            entry.set("arguments", a.arguments());
            entry.set("reply", a.reply());
            text.append("    ").append(QapiJson.TREE_MAPPER.writeValueAsString(entry)).append(i + 1 < answers.size() ? ",\n" : "\n");
        }
        text.append("  ]\n}\n");
        String sanitized = text.toString().replace(dir.toString(), "DIR").replaceAll("/tmp/qmpsdk-qemu-[0-9]+", "SOCKETDIR");
        Files.writeString(Path.of(target), sanitized, StandardCharsets.UTF_8);
        System.out.println("QemuQuerySweepIT: " + answers.size() + " answers written to " + target);
    }
}
