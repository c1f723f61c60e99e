package dev.qmpsdk.samples;

import dev.qmpsdk.reactive.QmpResources;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.util.Loggers;

/**
 * {@code java -jar qmp-samples.jar [exec | events | shell | demo | tour] ...}: the {@link Cli qmp command line};
 * without arguments it runs {@code demo}, the README's main job.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // The client logs protocol oddities (garbage, late replies) as warnings; a CLI reports what matters itself.
        // Reactor logs through java.util.logging, which shows only errors unless -Dqmp.verbose is set.
        Loggers.useJdkLoggers();
        if (System.getProperty("qmp.verbose") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE);
        }
        int code = Cli.runProcess(args.length == 0 ? new String[] {"demo"} : args);
        // Every client is closed by now: end the SDK's threads, so that `mvn exec:java` does not wait for them.
        QmpResources.shutdown();
        System.exit(code);
    }
}
