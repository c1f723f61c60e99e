package dev.qmpsdk.cli;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.reactive.QmpClient;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code exec} and {@code shell} know about the QEMU they talk to: its own schema ({@code query-qmp-schema},
 * asked once per connection through {@link QmpClient#serverSchema()}) and its version. Commands and arguments are
 * checked against that schema and completion offers its commands, so a QEMU 7.2 is offered {@code query-cpus-fast}
 * and refused {@code query-cpus} without a round trip. A server whose schema cannot be had (its answer fails or cannot
 * be read) leaves only the compiled 2.11.2 schema, as before.
 *
 * <pre>{@code
 * CliServerSchema server = CliServerSchema.fetch(client, timeout);
 * server.schema();   // null: only the compiled schema applies
 * }</pre>
 */
final class CliServerSchema {
    /** Nothing known about the server: the compiled schema alone. */
    static final CliServerSchema UNKNOWN = new CliServerSchema(null, "?");

    private final @Nullable ServerSchema schema;
    private final String version;

    private CliServerSchema(@Nullable ServerSchema schema, String version) {
        this.schema = schema;
        this.version = version;
    }

    /** A known schema of a server of this version (tests, and the fetch). */
    static CliServerSchema of(@Nullable ServerSchema schema, String version) {
        return new CliServerSchema(schema, version);
    }

    /**
     * Asks the connected server for its schema (within the client's command deadline, the CLI's {@code --timeout}).
     *
     * @throws CliException {@link CliException#CONNECTION} when the connection fails or the deadline passes; an error
     *     reply or an unreadable answer is not a failure (the compiled schema applies)
     */
    static CliServerSchema fetch(QmpClient client, Duration timeout) {
        QmpGreeting g = client.greeting();
        String version = g == null ? "?" : g.version();
        try {
            return new CliServerSchema(client.serverSchema().block(), version);
        } catch (QmpCommandException | QmpProtocolException e) {
            return new CliServerSchema(null, version);
        } catch (QmpTimeoutException e) {
            throw CliException.connection("no reply to 'query-qmp-schema' within " + CliSupport.format(timeout) + "; try a longer --timeout");
        } catch (QmpConnectionException e) {
            throw CliException.connection("'query-qmp-schema': " + e.getMessage());
        }
    }

    /** The server's schema, or null when only the compiled one is known. */
    @Nullable ServerSchema schema() {
        return schema;
    }

    /** The server's version from its greeting ({@code 7.2.0}), or {@code ?}. */
    String version() {
        return version;
    }

    /** The commands to offer: the server's, or the compiled schema's. */
    List<String> commandNames() {
        return schema == null ? CliRequest.commandNames() : List.copyOf(schema.commandNames());
    }

    /** What the shell's tab key offers for this server. */
    SchemaCompletion completion() {
        return schema == null ? SchemaCompletion.compiled() : SchemaCompletion.of(schema);
    }
}
