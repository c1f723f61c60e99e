package dev.qmpsdk.samples;

// README-BEGIN: java-imports
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.core.qapi.misc.AddfdInfo;
import dev.qmpsdk.reactive.FdSource;
import dev.qmpsdk.reactive.QmpClient;
import dev.qmpsdk.reactive.QmpClientOptions;
import dev.qmpsdk.reactive.QmpFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
// README-END
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpUnsupportedCommandException;
import dev.qmpsdk.core.introspection.SchemaPath;
import dev.qmpsdk.core.introspection.ServerCapabilities;
import dev.qmpsdk.core.introspection.ServerSchema;
import dev.qmpsdk.core.qapi.migration.MigrationCapability;
// README-BEGIN: java-jobs-imports
import dev.qmpsdk.core.qapi.blockcore.DriveBackup;
import dev.qmpsdk.core.qapi.blockcore.MirrorSyncMode;
import dev.qmpsdk.core.qapi.migration.MigrateArguments;
import dev.qmpsdk.reactive.jobs.BlockJobProgress;
import dev.qmpsdk.reactive.jobs.MigrationProgress;
import dev.qmpsdk.reactive.jobs.QmpJobs;
// README-END

/**
 * The Java code shown in the README, compiled and tested so it cannot go stale. Each region between
 * {@code README-BEGIN: name} and {@code README-END} is a code block of the README (ReadmeSnippetsTest compares them).
 * Every snippet may run again against the same QEMU (ReadmeQemuIT runs them twice).
 */
public final class ReadmeExamples {
    private ReadmeExamples() {}

    /** README: "A command and an event subscription". */
    public static StatusInfo commandAndEvents(Path socket) {
        // README-BEGIN: java-command-and-events
        QmpClient qmp = QmpClient.create(QmpClientOptions.unix(socket)
                .commandTimeout(Duration.ofSeconds(5))
                .build());
        qmp.events(StopEvent.class)                               // hot, typed, bounded per subscriber
                .subscribe(stop -> System.out.println("paused at " + stop.timestamp()));
        qmp.connect().block();                                    // subscribed first: no event of the handshake is lost

        StatusInfo status = qmp.stop()                            // Mono<Void>: sent on subscribe
                .then(qmp.queryStatus())                          // Mono<StatusInfo>
                .block();
        System.out.println(status.status());                      // paused

        qmp.close().block();
        // README-END
        return status;
    }

    /** README: "Many VMs on one event loop". */
    public static long fleet(List<Path> sockets) {
        // README-BEGIN: java-fleet
        QmpFleet fleet = QmpFleet.create();                       // one event-loop thread for all of them
        for (int i = 0; i < sockets.size(); i++) {
            fleet.add("vm-" + i, QmpClientOptions.unix(sockets.get(i)).build()).block();
        }
        fleet.events().subscribe(e -> System.out.println(e.vmId() + ": " + e.event().eventName()));

        long paused = Flux.fromIterable(fleet.vmIds())
                .map(fleet::vm)                                   // each VM is a QmpClient, across reconnections
                .flatMap(vm -> vm.stop().then(vm.queryStatus()))
                .filter(s -> !s.running())
                .count()
                .block();
        fleet.dispose();
        // README-END
        return paused;
    }

    /** What the capability example found out: whether the server has query-cpus, its CPUs, multifd, why query-cpus was refused. */
    public record CapabilityResult(boolean hasQueryCpus, int cpus, boolean multifd, String refused) {}

    /** README: "Know the server" (in "The `qmp` command line"'s neighbourhood: the same questions from code). */
    public static CapabilityResult capabilities(Path socket) {
        // README-BEGIN: java-capabilities
        QmpClient qmp = QmpClient.connect(QmpClientOptions.unix(socket)
                .checkAgainstServer(true)                         // refuse locally what this QEMU does not have
                .build()).block();
        ServerSchema schema = qmp.serverSchema().block();         // query-qmp-schema, asked once per connection
        ServerCapabilities server = ServerCapabilities.of(schema);

        boolean hasQueryCpus = server.has(QmpCommands.QUERY_CPUS);               // false since QEMU 6.0
        JsonNode cpus = schema.command("query-cpus-fast").isPresent()            // newer than the 2.11.2 model
                ? qmp.executeRaw("query-cpus-fast", null).block()
                : null;
        boolean multifd = server.hasValue(SchemaPath.arguments(QmpCommands.MIGRATE_SET_CAPABILITIES)
                .member("capabilities").member("capability"), MigrationCapability.of("multifd"));
        String refused = "";
        try {
            qmp.queryCpus().block();
        } catch (QmpUnsupportedCommandException e) {              // nothing was sent
            refused = e.getMessage();                             // the server (QEMU 7.2.0) has no command 'query-cpus': ...
        }
        qmp.close().block();
        // README-END
        return new CapabilityResult(hasQueryCpus, cpus == null ? -1 : cpus.size(), multifd, refused);
    }

    /** What the jobs example ended with: the backup's and the migration's last progress. */
    public record JobsResult(BlockJobProgress backup, MigrationProgress migration) {}

    /**
     * README: "Block jobs and migration as streams": a backup of {@code device} (a block node or drive) to a new qcow2
     * {@code target}, then a migration to a QEMU listening on {@code migrationSocket} ({@code -incoming unix:PATH}).
     */
    public static JobsResult jobs(QmpClient qmp, String device, Path target, Path migrationSocket) {
        // README-BEGIN: java-jobs
        QmpJobs jobs = QmpJobs.on(qmp);                           // any QmpConnection: a client, fleet.vm(id), a generated client
        BlockJobProgress backedUp = jobs.backup(DriveBackup.of(b -> b.jobId("backup0").device(device)
                        .target(target.toString()).format("qcow2").sync(MirrorSyncMode.FULL)))
                .doOnNext(p -> System.out.println(p.phase() + " " + Math.round(100 * p.fraction()) + "%"))
                .blockLast();                                     // COMPLETED, or QmpJobFailedException with QEMU's message

        MigrationProgress migrated = jobs.migrate(MigrateArguments.of(b -> b.uri("unix:" + migrationSocket)))
                .doOnNext(p -> System.out.println(p.status() + ": " + p.transferredBytes() + " bytes sent"))
                .blockLast();                                     // completed; disposing the subscription cancels it
        // README-END
        return new JobsResult(backedUp, migrated);
    }

    /** What the codec example made: the request it encoded and the message it decoded. */
    public record CodecResult(byte[] request, QmpMessage decoded) {}

    /** README: "The model and codec without a transport". */
    public static CodecResult codec(byte[] bytesFromServer) {
        // README-BEGIN: java-codec
        QmpCodec codec = QmpCodec.of(QmpEvents.REGISTRY);          // tolerant; .withStrict(true) for tests
        byte[] request = codec.encodeRequest(QmpCommands.QUERY_STATUS, null, 1);   // {"execute":"query-status","id":1}
        QmpMessage in = codec.decodeMessage(bytesFromServer);      // QmpGreeting, QmpReply, a typed event or RawEvent
        // README-END
        return new CodecResult(request, in);
    }

    /** README: "File descriptors, TLS and out-of-band commands": the image's /dev/fdset name, then migrate to a file. */
    public static String passImageAndMigrate(QmpClient qmp, Path image, Path migrationFile) {
        // README-BEGIN: java-fd-passing
        AddfdInfo set = qmp.passFdToSet(FdSource.open(image, FdSource.Access.READ_WRITE), null).block();
        String filename = "/dev/fdset/" + set.fdsetId();          // blockdev-add ... "filename": filename
        qmp.passFd("mig", FdSource.open(migrationFile, FdSource.Access.WRITE_TRUNCATE)).block();
        qmp.migrate(b -> b.uri("fd:mig")).block();                // the SDK closed its copies; QEMU holds its own
        // README-END
        return filename;
    }
}
