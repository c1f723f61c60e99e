package dev.qmpsdk.kafka;

import dev.qmpsdk.reactive.QmpConnection;
import dev.qmpsdk.reactive.api.QmpCommandsApi;

/**
 * A VM of another host, reached through Kafka, with the same typed commands as a local fleet VM: a
 * {@link QmpConnection} (commands by descriptor or name, events) plus the generated {@link QmpCommandsApi}. A command
 * fails with {@link QmpNotExecutedException} when the agent did not execute it, {@link QmpOutcomeUnknownException}
 * when it may have, {@code QmpCommandException} with QEMU's error, {@code QmpTimeoutException} when no reply came in
 * time. Its {@link #states()} are those of the controller's link to Kafka, not of the VM's monitor.
 *
 * <pre>{@code
 * RemoteVm vm = remote.vm("host-3/vm-17");
 * StatusInfo status = vm.queryStatus().block();
 * vm.events(StopEvent.class).subscribe(e -> log.info("paused at {}", e.timestamp()));
 * }</pre>
 */
public interface RemoteVm extends QmpConnection, QmpCommandsApi {
    /** {@code host/vm}. */
    String remoteId();
}
