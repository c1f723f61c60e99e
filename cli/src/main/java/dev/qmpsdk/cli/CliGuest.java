package dev.qmpsdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.reactive.qga.QgaClient;
import dev.qmpsdk.reactive.qga.QgaClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qmp guest}: one command to a QEMU guest agent, its return value printed as JSON; the exit codes of {@code exec}. */
@Command(name = "guest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one QEMU guest agent (qemu-ga) command and print its return value as JSON.",
                "The client synchronises with the agent first (guest-sync-delimited); arguments are sent as given."},
        footer = {"", "Examples:",
                "  qmp guest --socket /run/vm1-qga.sock guest-info",
                "  qmp guest --socket /run/vm1-qga.sock guest-exec path=/bin/uname arg='[\"-a\"]' capture-output=true",
                "  qmp guest --socket /run/vm1-qga.sock guest-exec-status pid=1234",
                "  qmp guest --socket /run/vm1-qga.sock --wait 3m guest-ping     (wait for a booting guest's agent)",
                "", "The socket is qemu-ga's own (qemu-ga -m unix-listen -p PATH) or the host end of the agent's virtio-serial",
                "port: QEMU -chardev socket,path=PATH,server=on,wait=off,id=qga0 -device virtio-serial",
                "-device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0"})
final class CliGuest implements Callable<Integer> {
    @ParentCommand Cli cli;

    @Option(names = "--socket", paramLabel = "PATH", required = true, description = "the guest agent's Unix socket")
    Path socket;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "the command's wire name, e.g. guest-info")
    String command;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "arguments; a value is JSON when it parses as JSON (1, true, [...], \"text\"), else text; a.b=1 nests")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--json", paramLabel = "OBJECT", description = "the arguments as one JSON object (KEY=VALUE pairs apply on top)")
    @Nullable String json;

    @Option(names = "--compact", description = "print compact JSON on one line")
    boolean compact;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = CliSupport.DurationConverter.class,
            description = "deadline for the agent's answer to the sync and to the command (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--wait", paramLabel = "DURATION", converter = CliSupport.DurationConverter.class,
            description = "also wait this long for an agent that is not up yet (the socket missing or refusing; default: do not wait)")
    @Nullable Duration wait;

    @Override
    public Integer call() {
        // No schema check: the SDK's compiled schema is QEMU's QMP one; the agent answers an unknown command itself.
        CliRequest request = CliRequest.prepare(command, pairs, json, true, CliServerSchema.UNKNOWN, warning -> { });
        Duration ready = wait == null ? timeout : timeout.plus(wait);
        if (wait == null && !Files.exists(socket)) {
            throw CliException.connection("no guest agent socket at " + socket + ": is qemu-ga running (qemu-ga -m unix-listen -p "
                    + socket + "), or QEMU with the agent's virtio-serial chardev? --wait DURATION waits for it");
        }
        QgaClient agent = QgaClient.create(QgaClientOptions.unix(socket).readyTimeout(ready).commandTimeout(timeout)
                .syncTimeout(timeout.compareTo(QgaClientOptions.DEFAULT_SYNC_TIMEOUT) < 0 ? timeout : QgaClientOptions.DEFAULT_SYNC_TIMEOUT)
                .reconnect(false).build());
        try {
            connect(agent, ready);
            JsonNode result = run(agent, request);
            cli.out.println(CliRequest.toJson(result, !compact));
            return CliException.OK;
        } finally {
            agent.close().block(Duration.ofSeconds(5));
        }
    }

    private void connect(QgaClient agent, Duration ready) {
        try {
            agent.connect().block();
        } catch (QmpTimeoutException e) {
            throw CliException.connection("no guest agent answered at " + socket + " within " + CliSupport.format(ready)
                    + ": " + e.getMessage());
        } catch (QmpException e) {
            throw CliException.connection("cannot reach the guest agent at " + socket + ": " + e.getMessage());
        }
    }

    private JsonNode run(QgaClient agent, CliRequest request) {
        try {
            JsonNode result = agent.executeRaw(request.name(), request.arguments(), timeout).block();
            return result == null ? JsonNodeFactory.instance.objectNode() : result;
        } catch (QmpCommandException e) {
            String hint = e.isCommandNotFound() ? "\nthe agent does not have this command, or it is disabled (guest-info lists them)" : "";
            throw new CliException(CliException.COMMAND_FAILED, "'" + request.name() + "' failed: " + e.errorClass() + ": " + e.description() + hint);
        } catch (QmpTimeoutException e) {
            throw CliException.connection("no reply to '" + request.name() + "' within " + CliSupport.format(timeout)
                    + ": the guest may be busy or suspended; try a longer --timeout");
        } catch (QmpConnectionException e) {
            throw CliException.connection("'" + request.name() + "': " + e.getMessage());
        }
    }
}
