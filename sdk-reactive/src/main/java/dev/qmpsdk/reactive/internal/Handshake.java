package dev.qmpsdk.reactive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qmpsdk.core.QmpConnectionException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpMonitorBusyException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.reactive.ConnectionState;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A session's greeting and capabilities negotiation, and the checks that a peer behaves like a QMP server meanwhile.
 * Until the session is READY, only events, one valid greeting and the reply to {@code qmp_capabilities} (the id it
 * was sent, the value {@code {}}) may arrive; anything else fails the connect at once with a
 * {@link QmpConnectionException} naming the peer and quoting what came ({@link HandshakeFailures}). A peer that
 * accepts the connection and stays silent is, for QEMU, a monitor that another client holds: the connect deadline
 * then fails with a {@link QmpMonitorBusyException} saying so.
 *
 * <pre>{@code
 * Handshake handshake = new Handshake(session);
 * handshake.negotiate(true, Duration.ofSeconds(10)).subscribe(oob -> ...);   // after the pipeline is attached
 * }</pre>
 */
final class Handshake {
    private static final JsonNode ENABLE_OOB = JsonNodeFactory.instance.objectNode()
            .set("enable", JsonNodeFactory.instance.arrayNode().add("oob"));

    private final QmpSession session;
    private final Sinks.One<QmpGreeting> greetingSink = Sinks.one();
    private volatile @Nullable QmpGreeting greeting;
    /** Why the peer is not taken for a QMP server; what connect() and every pending command fail with. */
    private volatile @Nullable QmpConnectionException failure;
    /** Whether the peer sent anything at all (a message, garbage, a broken message). */
    private volatile boolean heardFromPeer;

    Handshake(QmpSession session) {
        this.session = session;
    }

    @Nullable QmpGreeting greeting() {
        return greeting;
    }

    @Nullable QmpConnectionException failure() {
        return failure;
    }

    /**
     * Waits for the greeting, sends {@code qmp_capabilities} (enabling OOB when asked for and offered) and checks its
     * answer; emits whether OOB was enabled.
     */
    Mono<Boolean> negotiate(boolean requestOob, Duration timeout) {
        return greetingSink.asMono().flatMap(g -> {
            boolean useOob = requestOob && g.offersOob();
            return session.executeUnchecked(Request.raw("qmp_capabilities", useOob ? ENABLE_OOB : null), timeout)
                    .onErrorMap(e -> e instanceof QmpException && !(e instanceof QmpTimeoutException || e instanceof QmpConnectionException),
                            e -> new QmpConnectionException("capabilities negotiation with " + session.peer() + " failed: " + e.getMessage(), e))
                    .defaultIfEmpty(JsonNodeFactory.instance.nullNode())
                    .flatMap(answer -> {
                        // QMP specifies the empty object; anything else is not a QMP server's answer.
                        if (!answer.isObject() || !answer.isEmpty()) {
                            QmpConnectionException e = HandshakeFailures.capabilitiesAnswer(session.peer(), answer);
                            failed(e);
                            return Mono.error(e);
                        }
                        return Mono.just(useOob);
                    });
        });
    }

    /**
     * A frame before READY. Every frame is fully decoded here: a handful per connection, so routing by raw id buys
     * nothing.
     */
    void onFrame(byte[] frame) {
        heardFromPeer = true;
        if (session.state().isTerminal()) {
            return;
        }
        QmpMessage message;
        try {
            message = session.codec().decodeMessage(frame);
        } catch (QmpProtocolException e) {
            session.protocolError();
            failed(HandshakeFailures.unexpected(session.peer(), greeting != null, frame, e.getMessage()));
            return;
        }
        if (message instanceof QmpEvent event) {
            session.events().publish(event);
        } else if (message instanceof QmpGreeting g && greeting == null) {
            greeting = g;
            greetingSink.tryEmitValue(g);
        } else if (message instanceof QmpReply reply && greeting != null && isInteger(reply.id())
                && session.completePending(reply.id().asLong(), frame)) {
            return;   // the answer to qmp_capabilities
        } else {
            session.protocolError();
            failed(HandshakeFailures.unexpected(session.peer(), greeting != null, frame, message instanceof QmpReply
                    ? "a reply to no command sent (qmp_capabilities was the only one)" : "not expected before the handshake is done"));
        }
    }

    /** Bytes that are not JSON before READY: another protocol (TLS, HTTP, SSH...). */
    void onGarbage(int bytes, byte[] sample) {
        heardFromPeer = true;
        failed(HandshakeFailures.garbage(session.peer(), greeting != null, bytes, sample));
    }

    /** A message cut by a newline before READY. */
    void onBrokenMessage(int bytes, byte[] start) {
        heardFromPeer = true;
        failed(HandshakeFailures.broken(session.peer(), greeting != null, bytes, start));
    }

    /**
     * The connect deadline passed. Connected but not greeted, with not a byte from the peer: QEMU leaves a client
     * waiting that way while another client holds the monitor.
     */
    QmpException timedOut(Duration deadline) {
        if (session.state() == ConnectionState.NEGOTIATING && greeting == null && !heardFromPeer) {
            return new QmpMonitorBusyException("connected to the QMP monitor at " + session.peer() + ", but it sent no greeting within "
                    + deadline.toMillis() + " ms: the monitor is probably in use by another client (QEMU serves one client per "
                    + "monitor and leaves the next one connected but unanswered), or QEMU is paused or hung; close the other "
                    + "client, or give the VM a second monitor (-qmp ... or -chardev/-mon)", deadline);
        }
        return new QmpTimeoutException("connecting to the QMP monitor at " + session.peer() + " ("
                + (session.state() == ConnectionState.CONNECTING ? "opening the socket"
                : greeting == null ? "waiting for the greeting" : "negotiating capabilities") + ")", deadline);
    }

    /** The session ended: nobody waits for a greeting any more. */
    void ended(QmpConnectionException why) {
        greetingSink.tryEmitError(why);
    }

    /** The peer does not behave like a QMP server: end the connection at once, with this as the reason. */
    private void failed(QmpConnectionException e) {
        if (failure == null) {
            failure = e;
        }
        session.fail(e);
    }

    private static boolean isInteger(@Nullable JsonNode id) {
        return id != null && id.isIntegralNumber() && id.canConvertToLong();
    }
}
