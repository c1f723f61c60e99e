package dev.qmpsdk.reactive.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpJobFailedException;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.migration.MigrateSetCapabilitiesArguments;
import dev.qmpsdk.core.qapi.migration.MigrationCapability;
import dev.qmpsdk.core.qapi.migration.MigrationCapabilityStatus;
import dev.qmpsdk.core.qapi.migration.MigrationStatus;
import dev.qmpsdk.reactive.QmpConnection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One run of a migration, outgoing ({@code migrate}) or incoming ({@code migrate-incoming}, or watching a QEMU started
 * with {@code -incoming URI}). QEMU sends {@code MIGRATION} events only with the {@code events} capability, so the run
 * turns it on first (before the command, after subscribing). {@code query-migrate} is read as JSON: it gives the
 * amounts sent and, for a failure, QEMU's {@code error-desc}, which no event carries.
 */
final class MigrationRun extends JobRun<MigrationProgress> {
    static final String KIND = "migration";

    private final @Nullable Mono<?> command;
    private final boolean outgoing;
    private MigrationStatus status = MigrationStatus.NONE;
    private long transferred;
    private long remaining;
    private long total;
    private long pass;
    /** A terminal status an event told, waiting for query-migrate's figures and error. */
    private @Nullable MigrationStatus ending;

    /**
     * @param command the migration command, or null to watch an incoming migration QEMU was started for
     * @param outgoing whether it is this side that sends (and can be cancelled with {@code migrate_cancel})
     */
    MigrationRun(QmpConnection connection, QmpJobs settings, @Nullable Mono<?> command, boolean outgoing) {
        super(connection, settings);
        this.command = command;
        this.outgoing = outgoing;
    }

    @Override
    String subject() {
        return outgoing ? "outgoing migration" : "incoming migration";
    }

    @Override
    Mono<?> startCommand() {
        Mono<Void> events = connection.execute(QmpCommands.MIGRATE_SET_CAPABILITIES, MigrateSetCapabilitiesArguments.of(b ->
                b.capabilities(List.of(MigrationCapabilityStatus.of(c -> c.capability(MigrationCapability.EVENTS).state(true))))));
        return command == null ? events : events.then(command);
    }

    @Override
    Throwable startFailed(Throwable error) {
        if (error instanceof QmpCommandException refused) {
            return new QmpJobFailedException(KIND, KIND, refused.description() + " (" + refused.command() + ")", refused);
        }
        return error;
    }

    @Override
    boolean concerns(String event, JsonNode data) {
        return event.equals("MIGRATION") || event.equals("MIGRATION_PASS");
    }

    @Override
    void apply(String event, JsonNode data) {
        if (event.equals("MIGRATION_PASS")) {
            pass = Math.max(pass, JobJson.number(data, "pass"));
            show();
            return;
        }
        MigrationStatus told = MigrationStatus.of(String.valueOf(JobJson.text(data, "status")));
        if (MigrationProgress.isTerminal(told)) {
            ending = told;    // the figures and QEMU's error come with query-migrate
            reconcile();
        } else {
            status = told;
            show();
        }
    }

    @Override
    Mono<JsonNode> snapshot() {
        return connection.executeRaw("query-migrate", null);
    }

    @Override
    void applySnapshot(JsonNode answer) {
        String reported = JobJson.text(answer, "status");
        JsonNode ram = answer.path("ram");
        if (ram.isObject()) {
            transferred = JobJson.number(ram, "transferred");
            remaining = JobJson.number(ram, "remaining");
            total = JobJson.number(ram, "total");
            pass = Math.max(pass, JobJson.number(ram, "dirty-sync-count"));
        }
        MigrationStatus now = reported == null ? status : MigrationStatus.of(reported);
        MigrationStatus end = MigrationProgress.isTerminal(now) ? now : ending;
        if (end == null) {
            status = now;
            show();
            return;
        }
        status = end;
        if (end.equals(MigrationStatus.FAILED)) {
            String error = JobJson.text(answer, "error-desc");
            fail(new QmpJobFailedException(KIND, KIND, error != null ? error
                    : "QEMU reported status 'failed' and gave no error-desc", null), Mono.empty());
        } else {
            succeed(progress(), Mono.empty());
        }
    }

    private MigrationProgress progress() {
        return new MigrationProgress(status, transferred, remaining, total, pass);
    }

    private void show() {
        emit(progress());
    }

    @Override
    @Nullable Mono<?> abandon() {
        return outgoing ? connection.execute(QmpCommands.MIGRATE_CANCEL, null) : null;
    }

    @Override
    Throwable connectionEnded(String how, @Nullable Throwable cause) {
        return connectionException(subject(), how, cause);
    }
}
