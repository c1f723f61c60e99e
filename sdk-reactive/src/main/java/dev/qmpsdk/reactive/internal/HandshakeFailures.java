package dev.qmpsdk.reactive.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpConnectionException;

/**
 * The errors {@code connect()} fails with, at once, when the peer does not behave like a QMP server during the
 * handshake: each names the address, what was expected and what arrived instead.
 *
 * <pre>{@code
 * throw HandshakeFailures.unexpected(peer, greeted, frame, "not a QMP message");
 * }</pre>
 */
public final class HandshakeFailures {
    private static final String HINT = " (is it a QMP monitor? QEMU: -qmp unix:PATH,server=on,wait=off)";

    private HandshakeFailures() {}

    /** A message (or what looked like one) that does not belong in the handshake. */
    public static QmpConnectionException unexpected(String peer, boolean greeted, byte[] frame, String problem) {
        return failed(peer, greeted, "received " + Excerpt.of(frame) + ": " + problem);
    }

    /** Bytes outside any JSON value: another protocol (TLS, HTTP, SSH...) or a broken server. */
    public static QmpConnectionException garbage(String peer, boolean greeted, int bytes, byte[] sample) {
        return failed(peer, greeted, "received bytes that are not JSON: " + Excerpt.of(sample, bytes));
    }

    /** A message cut short by a newline. */
    public static QmpConnectionException broken(String peer, boolean greeted, int bytes, byte[] start) {
        return failed(peer, greeted, "received a broken message (cut by a newline): " + Excerpt.of(start, bytes));
    }

    /** {@code qmp_capabilities} succeeded with something else than the empty object QMP specifies. */
    public static QmpConnectionException capabilitiesAnswer(String peer, JsonNode returned) {
        return new QmpConnectionException("QMP handshake with " + peer + " failed: qmp_capabilities returned " + returned
                + " instead of {}");
    }

    private static QmpConnectionException failed(String peer, boolean greeted, String what) {
        return new QmpConnectionException("QMP handshake with " + peer + " failed: " + (greeted ? "" : "expected a QMP greeting, ")
                + what + (greeted ? "" : HINT));
    }
}
