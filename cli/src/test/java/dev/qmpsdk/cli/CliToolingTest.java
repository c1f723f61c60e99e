package dev.qmpsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qmp --version} and {@code qmp generate-completion}: what the build writes into the jar, and a script bash runs. */
class CliToolingTest {
    @Test
    void versionNamesThisBuildAndTheSchemaItWasGeneratedFrom() throws IOException {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.code(), r.toString());
        // Surefire passes the pom's version; schema/qapi/README.md (written by the importer) names the schema's QEMU.
        String sdk = System.getProperty("qmpsdk.version");
        assertTrue(r.out().startsWith("qmp " + sdk + " (qmp-sdk command line)\n"), r.toString());
        Matcher readme = Pattern.compile("^# QAPI schema of QEMU (\\S+)").matcher(Files.readString(Path.of("../schema/qapi/README.md")));
        assertTrue(readme.find(), "schema/qapi/README.md names its QEMU version");
        assertTrue(r.out().contains("\nQAPI schema: QEMU " + readme.group(1) + " ("), r.toString());
        assertEquals(readme.group(1), CliVersion.schema());
        assertEquals(r.out(), CliRun.of("-V").out());
        assertEquals(r.out(), CliRun.of("shell", "-V").out(), "subcommands too");
        assertEquals(r.out(), CliRun.of("exec", "--version").out());
    }

    @Test
    void helpListsTheCompletionCommand() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(Pattern.compile("(?m)^  generate-completion +Print a bash/zsh completion script").matcher(r.out()).find(), r.toString());
    }

    @Test
    void completionScriptCompletesSubcommandsAndOptionsInBash(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("generate-completion");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("complete -F _complete_qmp"), "registers a completion function for 'qmp':\n" + r.out());
        Path script = dir.resolve("qmp-completion.bash");
        Files.writeString(script, r.out());

        assertEquals("shell", complete(script, "qmp", "sh"));
        assertEquals("events exec", complete(script, "qmp", "e"));
        assertEquals("--help --history --hmp", complete(script, "qmp", "shell", "--h"));
        assertEquals("--socket", complete(script, "qmp", "exec", "--so"));
    }

    /** What bash's programmable completion offers for the last word, sorted, space-separated. */
    private static String complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        // compopt only works while bash itself runs a completion; the script calls it to turn off a trailing space.
        String program = "source '" + script + "'\ncompopt() { :; }\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_qmp\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '\n";
        Process bash;
        try {
            bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("this test runs the completion script in bash, which is not installed: apt-get install bash", e);
        }
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.exitValue(), out);
        return out.strip();
    }
}
