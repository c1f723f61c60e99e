package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell's tab candidates for line prefixes, from the compiled 2.11.2 introspection. */
class SchemaCompletionTest {
    private static final SchemaCompletion SCHEMA = SchemaCompletion.compiled();

    private static List<String> args(String command, String partial, String... given) {
        return SCHEMA.arguments(command, List.of(given), partial);
    }

    @Test
    void commandNamesAreTheSchemasCommands() {
        List<String> names = SCHEMA.commandNames();
        assertEquals(156, names.size(), "the 2.11.2 schema has 156 commands");
        assertTrue(names.contains("blockdev-add") && names.contains("query-status"), names.toString());
        assertEquals(names.stream().sorted().toList(), names);
    }

    @Test
    void argumentNamesOfACommand() {
        assertEquals(List.of("command-line=", "cpu-index="), args("human-monitor-command", ""));
        assertEquals(List.of("cpu-index="), args("human-monitor-command", "cp"));
        assertEquals(List.of("cpu-index="), args("human-monitor-command", "", "command-line=info"), "a given argument is not offered again");
        assertEquals(List.of(), args("query-status", ""), "no arguments");
        assertEquals(List.of(), args("no-such-command", ""));
    }

    @Test
    void enumValuesOfAnArgument() {
        assertEquals(List.of("sync=top", "sync=full", "sync=none", "sync=incremental"),
                args("drive-mirror", "sync=", "device=ide0-hd0", "target=/tmp/t.qcow2"));
        assertEquals(List.of("sync=full"), args("drive-backup", "sync=f"));
        assertEquals(List.of("read-only-mode=read-only", "read-only-mode=read-write"), args("blockdev-change-medium", "read-only-mode=read-"));
        assertEquals(List.of("on-source-error=report", "on-source-error=ignore", "on-source-error=enospc", "on-source-error=stop",
                "on-source-error=auto"), args("drive-mirror", "on-source-error="));
        assertEquals(List.of("force=true", "force=false"), args("eject", "force="), "booleans");
        assertEquals(List.of(), args("eject", "device="), "free text has no candidates");
    }

    @Test
    void unionMembersFollowTheDiscriminator() {
        List<String> base = args("blockdev-add", "");
        assertTrue(base.containsAll(List.of("driver=", "node-name=", "discard=", "cache=", "cache.", "read-only=")), base.toString());
        assertFalse(base.contains("file="), "no branch before the driver is given: " + base);
        assertTrue(args("blockdev-add", "driver=q").containsAll(List.of("driver=qcow2", "driver=qcow", "driver=qed", "driver=quorum")));

        List<String> qcow2 = args("blockdev-add", "", "driver=qcow2", "node-name=disk0");
        assertTrue(qcow2.containsAll(List.of("file=", "file.", "backing=", "backing.", "lazy-refcounts=", "l2-cache-size=", "encrypt.")),
                qcow2.toString());
        assertFalse(qcow2.contains("node-name=") || qcow2.contains("driver="), qcow2.toString());
        assertFalse(qcow2.contains("filename="), "file's branch member, not qcow2's: " + qcow2);

        List<String> file = args("blockdev-add", "", "driver=file");
        assertTrue(file.containsAll(List.of("filename=", "locking=", "aio=")), file.toString());
        assertFalse(file.contains("backing="), file.toString());
    }

    @Test
    void nestedMembersByDottedKeys() {
        // file is an alternate (BlockdevOptions or a node name): its object branch is completed, union and all.
        assertTrue(args("blockdev-add", "file.", "driver=qcow2").containsAll(List.of("file.driver=", "file.node-name=")));
        assertTrue(args("blockdev-add", "file.driver=fi", "driver=qcow2").contains("file.driver=file"));
        assertTrue(args("blockdev-add", "file.f", "driver=qcow2", "file.driver=file").contains("file.filename="));
        assertEquals(List.of("encrypt.format=aes", "encrypt.format=luks"), args("blockdev-add", "encrypt.format=", "driver=qcow2"));
        assertEquals(List.of("overlap-check=none", "overlap-check=constant", "overlap-check=cached", "overlap-check=all"),
                args("blockdev-add", "overlap-check=", "driver=qcow2"), "the enum branch of an alternate");
    }

    @Test
    void transactionActionsAndTheirArguments() {
        List<String> actions = SCHEMA.transactionActions();
        assertTrue(actions.containsAll(List.of("abort", "block-dirty-bitmap-add", "blockdev-snapshot-sync", "drive-backup")), actions.toString());
        assertEquals(List.of("sync=top", "sync=full", "sync=none", "sync=incremental"), SCHEMA.actionArguments("drive-backup", List.of(), "sync="));
        assertTrue(SCHEMA.actionArguments("block-dirty-bitmap-add", List.of("node=drive0"), "").containsAll(List.of("name=", "granularity=")));
        assertEquals(List.of(), SCHEMA.actionArguments("no-such-action", List.of(), ""));
    }
}
