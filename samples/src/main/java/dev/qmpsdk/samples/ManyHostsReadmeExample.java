package dev.qmpsdk.samples;

import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import dev.qmpsdk.core.qapi.runstate.StopEvent;
import dev.qmpsdk.kafka.HostAgent;
import dev.qmpsdk.kafka.HostAgentOptions;
import dev.qmpsdk.kafka.RemoteFleet;
import dev.qmpsdk.kafka.RemoteFleetOptions;
import dev.qmpsdk.reactive.QmpClientOptions;
import java.nio.file.Path;

/**
 * The README's "Many hosts" snippet, compiled and tested (ManyHostsSampleTest; ReadmeSnippetsTest compares it). Its own
 * file rather than a region of {@link ReadmeExamples}, whose snippets the java-consumer project compiles with
 * qmp-sdk-reactive alone.
 */
public final class ManyHostsReadmeExample {
    private ManyHostsReadmeExample() {}

    /** README: "Many hosts" (the agent would run on host-3, the controller anywhere). */
    public static StatusInfo manyHosts(String bootstrap, Path socket) {
        // README-BEGIN: java-many-hosts
        // on host-3: its agent, with its VMs (added and removed at run time)
        HostAgent agent = HostAgent.start(HostAgentOptions.builder(bootstrap, "host-3").build()).block();
        agent.add("vm-17", QmpClientOptions.unix(socket).build()).block();

        // anywhere: every VM of every host, with the typed API of a local fleet VM
        RemoteFleet remote = RemoteFleet.connect(RemoteFleetOptions.builder(bootstrap).build()).block();
        remote.events(StopEvent.class)                            // from Kafka, with backpressure
                .subscribe(e -> System.out.println(e.vmId() + " paused at " + e.event().timestamp()));
        StatusInfo status = remote.vm("host-3/vm-17").stop()      // a request with a deadline, executed at most once
                .then(remote.vm("host-3/vm-17").queryStatus())    // Mono<StatusInfo>
                .block();

        remote.close().block();
        agent.close().block();
        // README-END
        return status;
    }
}
