package dev.qmpsdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpFdPassingException;
import dev.qmpsdk.core.QmpTransportUnavailableException;
import dev.qmpsdk.reactive.FdSource;
import dev.qmpsdk.reactive.QmpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qmp exec}: one command, checked against the schema, its return value printed as JSON. */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one QMP command and print its return value as JSON.",
                "Arguments are checked before anything is sent, against the connected QEMU's own schema (query-qmp-schema)",
                "and the compiled QEMU 2.11.2 one: a command the server lacks fails with its version, one newer than 2.11.2 just works."},
        footer = {"", "Examples:",
                "  qmp exec --socket /run/vm1.qmp query-status",
                "  qmp exec --socket /run/vm1.qmp human-monitor-command command-line=\"info version\"",
                "  qmp exec --tcp localhost:4444 --json '{\"device\": \"ide0-cd0\", \"force\": true}' eject",
                "  qmp exec --socket /run/vm1.qmp query-cpus-fast           (newer than 2.11.2: checked against the server's schema)",
                "  qmp exec --socket /run/vm1.qmp --raw x-debug-query-block-graph   (sent unchecked)",
                "  qmp exec --socket /run/vm1.qmp --fd mig=/tmp/vm1.mig migrate uri=fd:mig",
                "",
                "--fd NAME=PATH opens PATH in qmp (read-write, created when missing, never truncated) and passes it to QEMU",
                "with getfd under NAME before the command runs, over the Unix socket (SCM_RIGHTS; not over --tcp). The",
                "command refers to it as NAME (migrate uri=fd:NAME); qmp closes its own copy at once, QEMU keeps its."})
final class CliExec implements Callable<Integer> {
    @ParentCommand Cli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    CliTarget.One target;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "the command's wire name, e.g. query-status")
    String command;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "arguments; a value is JSON when it parses as JSON (1, true, {...}, \"text\"), else text; a.b=1 nests")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--json", paramLabel = "OBJECT", description = "the arguments as one JSON object (KEY=VALUE pairs apply on top)")
    @Nullable String json;

    @Option(names = "--raw", description = "send without any schema check (not even asking the server for its schema) and print compact JSON")
    boolean raw;

    @Option(names = "--compact", description = "print compact JSON on one line")
    boolean compact;

    @Option(names = "--fd", paramLabel = "NAME=PATH",
            description = "pass PATH to QEMU under NAME (getfd) before the command; repeatable; Unix sockets only")
    List<String> fds = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = CliSupport.DurationConverter.class,
            description = "deadline for connecting and for the command (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        CliRequest.Typed typed = CliRequest.Typed.of(pairs, json);
        List<String[]> passed = new ArrayList<>();
        for (String fd : fds) {
            int eq = fd.indexOf('=');
            if (eq <= 0 || eq == fd.length() - 1) {
                throw CliException.usage("--fd wants NAME=PATH, got '" + fd + "'");
            }
            passed.add(new String[] {fd.substring(0, eq), fd.substring(eq + 1)});
        }
        CliTarget t = target.target();
        QmpClient client = t.connect(timeout);
        try {
            CliServerSchema server = raw ? CliServerSchema.UNKNOWN : CliServerSchema.fetch(client, timeout);
            CliRequest request = CliRequest.prepare(command, typed, raw, server, cli.err::println);
            for (String[] fd : passed) {   // after the arguments were checked: a refused command passes nothing
                passFd(client, fd[0], Path.of(fd[1]));
            }
            JsonNode result = request.run(client, timeout);
            cli.out.println(CliRequest.toJson(result, !(raw || compact)));
            return CliException.OK;
        } finally {
            client.close().block(Duration.ofSeconds(5));
        }
    }

    /** getfd under {@code name}: the SDK opens the file and closes its copy once it was sent. */
    private void passFd(QmpClient client, String name, Path path) {
        try {
            client.passFd(name, FdSource.open(path, FdSource.Access.READ_WRITE)).block(timeout);
        } catch (QmpFdPassingException e) {
            throw CliException.usage("--fd " + name + "=" + path + ": " + e.getMessage());
        } catch (QmpTransportUnavailableException e) {
            throw CliException.connection("--fd " + name + "=" + path + ": " + e.getMessage());
        } catch (QmpCommandException e) {
            throw new CliException(CliException.COMMAND_FAILED, "--fd " + name + "=" + path + ": QEMU refused it: " + e.description());
        }
    }
}
