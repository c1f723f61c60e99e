package dev.qmpsdk.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpMissingMemberException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.blockcore.BlockDeviceInfo;
import dev.qmpsdk.core.qapi.blockcore.BlockInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The answers of a real QEMU 7.2 to every typed query of the 2.11.2 model it still has, with a device of every
 * kind attached ({@code qemu-7.2/query-answers.json}, captured by {@code QemuQuerySweepIT}), decoded without
 * QEMU: each must decode in tolerant mode and re-encode to a value that decodes equal; strict mode must reject
 * exactly the answers in which QEMU went beyond 2.11.2.
 */
class QemuQueryAnswersTest {
    private static final String RESOURCE = "/qemu-7.2/query-answers.json";
    private static final QmpCodec TOLERANT = QmpCodec.of(QmpEvents.REGISTRY);
    private static final QmpCodec STRICT = TOLERANT.withStrict(true);

    /** What QEMU 7.2 sends beyond 2.11.2 in these answers, each reported by strict mode at its first occurrence. */
    private static final List<String> STRICT_REJECTS = List.of(
            "device-list-properties: member 'default-value' is not part of DevicePropertyInfo",
            "query-block: member 'compression-type' is not part of ImageInfoSpecificQCow2",
            "query-blockstats: member 'unmap_operations' is not part of BlockDeviceStats",
            "query-cpu-definitions: member 'deprecated' is not part of CpuDefinitionInfo",
            "query-dump-guest-memory-capability: 'win-dmp' is not a value of enum DumpGuestMemoryFormat",
            "query-iothreads: member 'aio-max-batch' is not part of IOThreadInfo",
            "query-machines: member 'numa-mem-supported' is not part of MachineInfo",
            "query-memdev: member 'share' is not part of Memdev",
            "query-migrate: member 'blocked-reasons' is not part of MigrationInfo",
            "query-migrate-capabilities: 'multifd' is not a value of enum MigrationCapability",
            "query-migrate-parameters: member 'cpu-throttle-tailslow' is not part of MigrationParameters",
            "query-named-block-nodes: member 'compression-type' is not part of ImageInfoSpecificQCow2",
            "query-pci: member 'irq_pin' is not part of PciDeviceInfo",
            "query-qmp-schema: member 'features' is not part of SchemaInfo (meta-type 'command')",
            "query-tpm-models: 'tpm-crb' is not a value of enum TpmModel");

    private record Answer(String command, JsonNode arguments, JsonNode reply) {
        CommandDescriptor<?, ?> descriptor() {
            return Objects.requireNonNull(QmpCommands.byName(command), command);
        }

        byte[] frame() throws IOException {
            return QapiJson.TREE_MAPPER.writeValueAsBytes(reply);
        }

        @Override
        public String toString() {
            return command + (arguments.isEmpty() ? "" : " " + arguments);
        }
    }

    private static List<Answer> answers;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = QemuQueryAnswersTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is missing: capture it with QemuQuerySweepIT and -Dqmpsdk.sweep.capture");
            JsonNode file = QapiJson.TREE_MAPPER.readTree(in);
            answers = new ArrayList<>();
            for (JsonNode a : file.get("answers")) {
                answers.add(new Answer(a.get("command").asText(), a.get("arguments"), a.get("reply")));
            }
        }
        assertTrue(answers.size() >= 50, "answers: " + answers.size());
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerDecodesTolerantlyAndSurvivesReEncoding() {
        return answers.stream().map(a -> DynamicTest.dynamicTest(a.toString(), () -> decodeAndReEncode(a.descriptor(), a)));
    }

    private static <R> void decodeAndReEncode(CommandDescriptor<?, R> command, Answer a) throws IOException {
        R value = TOLERANT.decodeResult(command, a.frame());
        assertNotNull(String.valueOf(value));
        byte[] again = TOLERANT.encodeReturn(command, value, a.reply().get("id"));
        assertEquals(value, TOLERANT.decodeResult(command, again), "decode(encode(value)) of " + a);
    }

    @Test
    void strictModeRejectsExactlyWhatQemu72AddedBeyond2112() throws IOException {
        TreeSet<String> rejected = new TreeSet<>();
        for (Answer a : answers) {
            try {
                STRICT.decodeResult(a.descriptor(), a.frame());
            } catch (QmpProtocolException e) {
                String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2).replace(" (strict mode)", "");
                rejected.add(a.command() + ": " + problem);
            }
        }
        assertEquals(new TreeSet<>(STRICT_REJECTS), rejected);
    }

    @Test
    void everyBlockNodeOfQemu72LacksEncryptionKeyMissingAndSaysSo() throws IOException {
        int nodes = 0;
        for (Answer a : answers) {
            List<BlockDeviceInfo> infos = new ArrayList<>();
            if (a.command().equals("query-named-block-nodes")) {
                infos.addAll(TOLERANT.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, a.frame()));
            } else if (a.command().equals("query-block")) {
                for (BlockInfo b : TOLERANT.decodeResult(QmpCommands.QUERY_BLOCK, a.frame())) {
                    if (b.inserted() != null) {
                        infos.add(b.inserted());
                    }
                }
            }
            for (BlockDeviceInfo info : infos) {
                nodes++;
                assertFalse(info.hasEncryptionKeyMissing(), info.toString());
                assertThrows(QmpMissingMemberException.class, info::encryptionKeyMissing);
                assertTrue(info.hasEncrypted() && info.hasDrv() && info.hasImage(), "the members 7.2 still sends: " + info);
            }
        }
        assertTrue(nodes >= 5, "block nodes in the answers (disk, its backing file and the CD-ROM): " + nodes);
    }
}
