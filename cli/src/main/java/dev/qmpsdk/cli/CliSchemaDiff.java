package dev.qmpsdk.cli;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.introspection.SchemaDiff;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.reactive.QmpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code qmp schema-diff}: what the connected QEMU has that the compiled 2.11.2 model lacks, and the reverse. */
@Command(name = "schema-diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare the server's query-qmp-schema with the compiled QEMU 2.11.2 model.",
                "One line per difference: commands, events, members and enum values missing on the server or only there,",
                "members that became required or optional, types that changed, and what the server deprecates."},
        footer = {"", "Examples:",
                "  qmp schema-diff --socket /run/vm1.qmp",
                "  qmp schema-diff --tcp localhost:4444 --json"})
final class CliSchemaDiff implements Callable<Integer> {
    @ParentCommand Cli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    CliTarget.One target;

    @Option(names = "--json", description = "the stable JSON form: {\"changes\": [{\"subject\", \"change\", \"path\"[, \"detail\"]}]}")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = CliSupport.DurationConverter.class,
            description = "deadline for connecting and for query-qmp-schema (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        QmpClient client = target.target().connect(timeout);
        try {
            ServerSchema server = fetch(client);
            SchemaDiff diff = SchemaDiff.between(SchemaCompletion.compiledSchema(), server);
            if (json) {
                cli.out.println(diff.toJson());
            } else {
                QmpGreeting g = client.greeting();
                cli.out.println("server QEMU " + (g == null ? "?" : g.version()) + " vs the compiled QEMU 2.11.2 model");
                cli.out.print(diff.toText());
            }
            return CliException.OK;
        } finally {
            client.close().block(Duration.ofSeconds(5));
        }
    }

    private ServerSchema fetch(QmpClient client) {
        try {
            return client.serverSchema().block();
        } catch (QmpCommandException e) {
            throw new CliException(CliException.COMMAND_FAILED, "'query-qmp-schema' failed: " + e.errorClass() + ": " + e.description());
        } catch (QmpProtocolException e) {
            throw new CliException(CliException.COMMAND_FAILED, "the server's query-qmp-schema answer cannot be read: " + e.getMessage());
        } catch (QmpTimeoutException e) {
            throw CliException.connection("no reply to 'query-qmp-schema' within " + CliSupport.format(timeout) + "; try a longer --timeout");
        } catch (QmpConnectionException e) {
            throw CliException.connection("'query-qmp-schema': " + e.getMessage());
        }
    }
}
