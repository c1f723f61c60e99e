package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

/** The shell's tab key for whole line prefixes, through JLine's own parser as on a terminal. */
class ShellCompleterTest {
    private final AtomicBoolean inTransaction = new AtomicBoolean();
    private final ShellCompleter qmp = ShellCompleter.qmp(SchemaCompletion.compiled(), inTransaction::get);

    /** The candidates JLine gets for a line with the cursor at its end. */
    private static List<Candidate> tab(ShellCompleter completer, String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length());
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, parsed, candidates);
        return candidates;
    }

    private static List<String> values(ShellCompleter completer, String line) {
        return tab(completer, line).stream().map(Candidate::value).toList();
    }

    @Test
    void commandNamesAndTheShellsWords() {
        assertEquals(List.of("query-status"), values(qmp, "query-stat"));
        assertEquals(List.of("transaction", "transaction("), values(qmp, "transac"));
        assertEquals(List.of("query-name", "query-named-block-nodes"), values(qmp, "help query-name"));
        assertTrue(values(qmp, "").containsAll(List.of("blockdev-add", "help", "exit", "raw")));
    }

    @Test
    void argumentsEnumValuesAndUnionBranches() {
        assertEquals(List.of("command-line=", "cpu-index="), values(qmp, "human-monitor-command "));
        assertEquals(List.of("sync=full"), values(qmp, "drive-backup device=d0 sync=fu"));
        List<Candidate> qcow2 = tab(qmp, "blockdev-add driver=qcow2 ");
        assertTrue(qcow2.stream().map(Candidate::value).toList().containsAll(List.of("file=", "backing=", "node-name=")), qcow2.toString());
        Candidate file = qcow2.stream().filter(c -> c.value().equals("file=")).findFirst().orElseThrow();
        assertFalse(file.complete(), "no space after 'file=': the value follows");
        Candidate value = tab(qmp, "drive-backup sync=fu").get(0);
        assertTrue(value.complete(), "a space after a whole value");
        assertEquals(List.of("file.driver="), values(qmp, "blockdev-add driver=qcow2 file.dri"), "a nested member; an enum has no members");
        assertEquals(List.of("query-cpus"), values(qmp, "raw query-cpus"), "raw completes commands of the schema too");
    }

    @Test
    void transactionActionsInsideATransaction() {
        assertEquals(List.of("drive-backup"), values(qmp, "transaction( drive-b"));
        assertEquals(List.of("sync=top"), values(qmp, "transaction( drive-backup sync=t"));
        inTransaction.set(true);
        assertTrue(values(qmp, "").containsAll(List.of("abort", "blockdev-snapshot-sync", ")")), values(qmp, "").toString());
        assertEquals(List.of("name=", "granularity=", "persistent=", "autoload="), values(qmp, "block-dirty-bitmap-add node=drive0 "));
        assertEquals(List.of("completion-mode=individual", "completion-mode=grouped"), values(qmp, ") completion-mode="));
    }

    @Test
    void hmpCommandsFromTheMonitorsHelpText() {
        String help = String.join("\r\n",
                "announce_self [interfaces] [id] -- Trigger GARP/RARP announcements",
                "block_job_cancel [-f] device -- stop an active background block operation (use -f",
                "\t\t\t if the operation is currently paused)",
                "info [subcommand] -- show various information about the system state",
                "q|quit  -- quit the emulator",
                "");
        String info = "info balloon  -- show balloon information\r\ninfo block [-n] [-v] [device] -- show info of one block device\r\n";
        ShellCompleter hmp = ShellCompleter.hmp(help, info);
        assertEquals(List.of("announce_self", "block_job_cancel", "info", "quit"), values(hmp, ""));
        assertEquals(List.of("balloon", "block"), values(hmp, "info b"));
        assertEquals(List.of("quit"), values(hmp, "help q"));
        assertEquals(List.of(), values(hmp, "block_job_cancel "));
    }
}
