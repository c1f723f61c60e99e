package dev.qmpsdk.reactive.qga.internal;

import dev.qmpsdk.core.QmpException;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.reactive.internal.Request;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One guest agent command between subscribe and its end: the subscription handed to the subscriber and the
 * {@link QgaSession}'s queue entry. Everything but {@link #cancel()} runs on the session's event loop, so exactly one
 * of reply, deadline, connection end and cancellation ends it ({@link #finished} is only touched there).
 *
 * @param <R> the decoded reply type
 */
final class QgaCommand<R> extends Operators.MonoSubscriber<R, R> {
    private final QgaSession session;
    private final Request<R> request;
    private final Duration timeout;
    private final boolean replies;
    /** The id it was sent under; 0 until sent. */
    long id;
    @Nullable ScheduledFuture<?> deadline;
    boolean finished;

    QgaCommand(CoreSubscriber<? super R> actual, QgaSession session, Request<R> request, Duration timeout, boolean replies) {
        super(actual);
        this.session = session;
        this.request = request;
        this.timeout = timeout;
        this.replies = replies;
    }

    @Override
    public String name() {
        return request.name();
    }

    Request<R> request() {
        return request;
    }

    Duration timeout() {
        return timeout;
    }

    /** False for {@code guest-shutdown} and {@code guest-suspend-*}: no reply on success. */
    boolean replies() {
        return replies;
    }

    /** The reply arrived: decode it and signal the value, the agent's error or a decoding error. */
    void complete(QmpCodec codec, byte[] frame, String peer) {
        if (!finish()) {
            return;
        }
        R value;
        try {
            value = request.read(codec, frame);
        } catch (QmpException e) {
            signal(e);
            return;
        } catch (RuntimeException e) {
            signal(new QmpProtocolException("reply to " + name() + " from the guest agent at " + peer, null, "cannot decode it: " + e, e));
            return;
        }
        if (value == null) {
            succeedEmpty();
        } else if (!isCancelled()) {
            complete(value);
        }
    }

    /** Ends the command with this error (unless it has ended). */
    void fail(Throwable error) {
        if (finish()) {
            signal(error);
        }
    }

    /** Ends a command that has no value (a no-reply command the agent accepted). */
    void completeEmpty() {
        if (finish()) {
            succeedEmpty();
        }
    }

    private void succeedEmpty() {
        if (!isCancelled()) {
            actual.onComplete();
        }
    }

    private void signal(Throwable error) {
        if (!isCancelled()) {
            actual.onError(error);
        }
    }

    /** True the first time: the caller ends the command. */
    boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    @Override
    public void cancel() {
        super.cancel();
        session.cancelled(this);
    }
}
