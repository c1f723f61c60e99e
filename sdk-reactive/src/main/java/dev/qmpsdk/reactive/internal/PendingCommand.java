package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpCommandException;
import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.QmpTimeoutException;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpGreeting;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One command between subscribe and reply: at once the subscription handed to the subscriber, the entry in
 * {@link PendingCommands} and the holder of its deadline. One object per command instead of a
 * {@code Mono.create} sink, its disposables and a timer task each.
 *
 * <p>Exactly one of reply, timeout, connection end and cancellation wins: each first removes the command
 * from {@link PendingCommands}, and only the one that removed it signals.
 *
 * @param <R> the decoded reply type
 */
public final class PendingCommand<R> extends Operators.MonoSubscriber<R, R> {
    private final Request<R> request;
    private final QmpCodec codec;
    private final Duration timeout;
    private final String peer;
    private final long deadlineNanos;
    private long id;
    private @Nullable PendingCommands owner;
    /** The observers' view of this command; null when the connection is not observed. */
    private @Nullable CommandTrace trace;

    PendingCommand(CoreSubscriber<? super R> actual, Request<R> request, QmpCodec codec, Duration timeout, String peer) {
        super(actual);
        this.request = request;
        this.codec = codec;
        this.timeout = timeout;
        this.peer = peer;
        // Saturated: Duration.ofDays(1_000_000) must mean "never", not a deadline in the past.
        long nanos = timeout.compareTo(Duration.ofDays(365 * 100)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        this.deadlineNanos = System.nanoTime() + nanos;
    }

    public String name() {
        return request.name();
    }

    Request<R> request() {
        return request;
    }

    long id() {
        return id;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    void observe(@Nullable CommandTrace trace) {
        this.trace = trace;
    }

    @Nullable CommandTrace trace() {
        return trace;
    }

    void registeredAs(long id, PendingCommands owner) {
        this.id = id;
        this.owner = owner;
    }

    /** The reply arrived: decode it and signal the value, the server's error or a decoding error. */
    public void complete(byte[] frame) {
        complete(frame, null);
    }

    /** {@link #complete(byte[])}; a server error names the server's version (a {@code CommandNotFound} then says why). */
    void complete(byte[] frame, @Nullable QmpGreeting server) {
        R value;
        try {
            value = request.read(codec, frame);
        } catch (QmpCommandException e) {
            fail(server == null ? e : e.fromServer(server.version()));
            return;
        } catch (QmpException e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            // Every failure a caller sees is an SDK exception (the codec's own are; this is a bug or an I/O wrapper).
            fail(new QmpProtocolException("reply to " + name() + " from " + peer, null, "cannot decode it: " + e, e));
            return;
        }
        if (trace != null) {
            trace.end(null);
        }
        if (value == null) {
            if (!isCancelled()) {
                actual.onComplete();
            }
        } else {
            complete(value);
        }
    }

    public void fail(Throwable error) {
        if (trace != null) {
            trace.end(error);
        }
        if (!isCancelled()) {
            actual.onError(error);
        }
    }

    void timedOut() {
        fail(new QmpTimeoutException("QMP command '" + name() + "' on " + peer, timeout));
    }

    /** {@code quit}'s reply may race the end of stream: closing is its success. */
    public void connectionEnded(QmpException cause) {
        if (name().equals("quit")) {
            if (trace != null) {
                trace.end(null);
            }
            if (!isCancelled()) {
                actual.onComplete();
            }
        } else {
            fail(cause);
        }
    }

    @Override
    public void cancel() {
        if (trace != null) {
            trace.cancelled();
        }
        super.cancel();
        PendingCommands o = owner;
        if (o != null) {
            o.cancelled(id);
        }
    }
}
