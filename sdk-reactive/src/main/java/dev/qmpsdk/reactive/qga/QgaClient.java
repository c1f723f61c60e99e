package dev.qmpsdk.reactive.qga;

import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.reactive.qga.internal.QgaSessionClient;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A client of the QEMU guest agent (qemu-ga): commands by descriptor (from a QGA schema the user generates: the Maven
 * plugin's {@code <clientKind>guest-agent</clientKind>} makes a typed interface over this one) or by name, on the QMP
 * client's transport, framing and codec.
 *
 * <pre>{@code
 * QgaClient agent = QgaClient.create(QgaClientOptions.unix(Path.of("/run/vm1-qga.sock")).build());
 * agent.states().subscribe(s -> log.info("agent {}", s));      // WAITING, SYNCING, READY, ... across restarts
 * agent.connect().block();                                       // waits for the agent, up to readyTimeout
 * JsonNode pid = agent.executeRaw("guest-exec", JsonNodeFactory.instance.objectNode().put("path", "/bin/true")).block();
 * agent.close().block();
 * }</pre>
 *
 * <p><b>The protocol, as qemu-ga needs it.</b> The agent sends no greeting, has no capabilities and no events, and
 * reads one request at a time; it may be down (it starts late in a guest's boot), restart, or have replies queued for
 * a client that gave up. So the client:
 * <ul>
 *   <li>synchronises with {@code guest-sync-delimited} and a fresh random id, preceded by the {@code 0xFF} byte that
 *   resets the agent's parser, on every (re)connection, after every command timeout and after any reply that answers
 *   no command of ours; until the answer with that id arrives, everything else is discarded (stale replies, replies to
 *   older syncs), and the agent's {@code 0xFF} sentinel also ends any half message before it;</li>
 *   <li>sends one command at a time, in subscription order, each under a fresh id and with a deadline that covers the
 *   queue, the wait for the agent and the reply;</li>
 *   <li>treats {@code guest-shutdown} and {@code guest-suspend-*} (QAPI {@code 'success-response': false}: no reply on
 *   success) as the protocol says: an error reply fails them; otherwise they complete (empty) once the agent has
 *   answered the sync sent right after them, or stopped answering (a guest going down), or closed the connection;</li>
 *   <li>waits for the agent: {@link #connect()} retries the connection with backoff and the sync after each sync
 *   timeout, until {@link QgaClientOptions#readyTimeout()}, then fails with {@link QmpTimeoutException} (and the client
 *   is FAILED); once connected, an agent that goes away is waited for again (state WAITING) until {@link #close()}, and
 *   the command in flight fails with {@link QmpConnectionException} (it is not retried: it may have run).</li>
 * </ul>
 */
public interface QgaClient extends QgaConnection {

    /** A client for the agent at {@code options.address()}, not connected yet; {@link #connect()} starts it. */
    static QgaClient create(QgaClientOptions options) {
        return new QgaSessionClient(Objects.requireNonNull(options, "options"));
    }

    /** {@link #create} and {@link #connect()} in one: completes with the client once the agent answered a sync. */
    static Mono<QgaClient> connect(QgaClientOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            QgaClient client = create(options);
            return client.connect().thenReturn(client);
        });
    }

    /**
     * Starts waiting for the agent (the first subscription does) and completes once it is READY; fails with
     * {@link QmpTimeoutException} naming the address and the last problem (no socket, refused, no answer to the sync)
     * when it is not READY within {@link QgaClientOptions#readyTimeout()}, which ends the client.
     */
    Mono<Void> connect();

    /** The options this client was made with. */
    QgaClientOptions options();
}
