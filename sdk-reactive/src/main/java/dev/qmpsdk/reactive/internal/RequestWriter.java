package dev.qmpsdk.reactive.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A connection's requests on their way to the wire, in order. Netty's own write buffer is bounded by the channel's
 * write-buffer water marks; while the channel is not writable (the peer stopped reading) requests wait here instead,
 * where a request whose caller has given up (timeout, cancellation) can still be dropped: it is released and never
 * written. What waits here is bounded by {@code maxQueuedBytes}; past it a request is refused and its command fails
 * at once. Netty's outbound buffer cannot take a message back, so only what it already holds (at most the high water
 * mark) and what the kernel holds can still reach a peer after its caller gave up.
 *
 * <p>A request may carry a file descriptor ({@link PassedFd}): it is written just before the request's bytes, in the
 * same flush, so that QEMU holds it when it reads the command; the descriptor is {@link PassedFd#done() done} when
 * Netty has written it, or when the request is dropped or discarded unsent.
 *
 * <pre>{@code
 * RequestWriter writer = new RequestWriter(channel, pending, 8 << 20);
 * channel.pipeline().addLast(writer);
 * if (!writer.write(command, id, request)) { command.fail(...); }   // refused: the queue is full
 * }</pre>
 */
public final class RequestWriter extends ChannelInboundHandlerAdapter {
    private record Queued(PendingCommand<?> command, long id, ByteBuf request, @Nullable PassedFd fd, ChannelFutureListener onFailure) {
        /** Never written: the request's buffer and the descriptor (when the SDK opened it) are released. */
        void discard() {
            request.release();
            if (fd != null) {
                fd.done();
            }
        }
    }

    private final Channel channel;
    private final PendingCommands pending;
    private final long maxQueuedBytes;
    private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean purgeScheduled = new AtomicBoolean();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    /** See {@link #nudgeEachFlush()}. */
    private volatile boolean nudge;

    public RequestWriter(Channel channel, PendingCommands pending, long maxQueuedBytes) {
        this.channel = channel;
        this.pending = pending;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Follows every flush of requests with a newline flushed on its own, for a monitor behind TLS: QEMU 7.2's TLS
     * chardev handles a TLS record only when the next one arrives (a request alone, in its record, is never answered;
     * observed with TLS 1.2 and 1.3, from Python's client too). The newline is a record of its own (Netty's SslHandler
     * wraps what one flush carries), whitespace between QMP messages, so the request is read at once and the waiting
     * newline is harmless.
     */
    void nudgeEachFlush() {
        nudge = true;
    }

    private void nudge() {
        if (nudge) {
            channel.writeAndFlush(channel.alloc().buffer(1).writeByte('\n'));
        }
    }

    /**
     * Writes the request of a registered command now when nothing waits and the channel is writable, else queues it.
     * Returns false, having released the request, when the queue is full or the connection is gone; the caller fails
     * the command. {@code onFailure} runs if the channel cannot write it.
     */
    public boolean write(PendingCommand<?> command, long id, ByteBuf request, ChannelFutureListener onFailure) {
        return write(command, id, request, null, onFailure);
    }

    /**
     * {@link #write(PendingCommand, long, ByteBuf, ChannelFutureListener)} with a descriptor written right before the
     * request; when this returns false the descriptor is done too.
     */
    boolean write(PendingCommand<?> command, long id, ByteBuf request, @Nullable PassedFd fd, ChannelFutureListener onFailure) {
        if (closed) {
            new Queued(command, id, request, fd, onFailure).discard();
            return false;
        }
        if (queue.isEmpty() && channel.isWritable()) {
            written.increment();
            writeFd(fd);
            // The listener goes on the promise before the write is handed to the loop: attached afterwards to a write
            // that has already failed, Netty would run it only after the channel's end, out of order.
            channel.writeAndFlush(request, channel.newPromise().addListener(onFailure));
            nudge();
            return true;
        }
        long size = request.readableBytes();
        long now = queuedBytes.addAndGet(size);
        Queued queued = new Queued(command, id, request, fd, onFailure);
        if (now > maxQueuedBytes && now != size) {   // one request larger than the bound still goes when alone
            queuedBytes.addAndGet(-size);
            queued.discard();
            return false;
        }
        queue.offer(queued);
        runOnLoop(drainScheduled, this::drain);   // also when the connection ended meanwhile: drain discards then
        return true;
    }

    /** The descriptor first: EpollDomainSocketChannel sends it with SCM_RIGHTS (and one byte of its own). */
    private void writeFd(@Nullable PassedFd fd) {
        if (fd != null) {
            channel.write(fd.netty()).addListener(f -> fd.done());
        }
    }

    /** True once the connection has ended (or the loop is gone): every write is refused from then on. */
    public boolean closed() {
        return closed;
    }

    /** Bytes of requests waiting for the channel to become writable (not counting Netty's own buffer). */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** The largest {@link #queuedBytes()} accepted. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Requests handed to the channel. */
    public long written() {
        return written.sum();
    }

    /** Queued requests dropped unsent because their callers gave up (timeout, cancellation) or the connection ended. */
    public long dropped() {
        return dropped.sum();
    }

    /** Some command gave up: release its queued request soon, not only when the peer reads again. Any thread. */
    public void commandGaveUp() {
        if (!queue.isEmpty()) {
            runOnLoop(purgeScheduled, this::purge);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        discardQueued();
        ctx.fireChannelInactive();
    }

    private void runOnLoop(AtomicBoolean scheduled, Runnable task) {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(() -> {
                    scheduled.set(false);
                    task.run();
                });
            } catch (RejectedExecutionException loopShutDown) {
                // Nothing runs on that loop any more, so nothing races this thread for the queue.
                scheduled.set(false);
                closed = true;
                discardQueued();
            }
        }
    }

    /** On the event loop: writes what waits while the channel takes it, skipping what was given up. */
    private void drain() {
        if (closed) {
            discardQueued();
            return;
        }
        boolean wroteAny = false;
        while (channel.isWritable()) {
            Queued q = queue.poll();
            if (q == null) {
                break;
            }
            queuedBytes.addAndGet(-q.request.readableBytes());
            if (!pending.isPending(q.id, q.command)) {
                q.discard();
                dropped.increment();
                pending.neverSent(q.id);
                continue;
            }
            written.increment();
            writeFd(q.fd);
            channel.write(q.request).addListener(q.onFailure);
            wroteAny = true;
        }
        if (wroteAny) {
            channel.flush();
            nudge();
        }
    }

    /** On the event loop: releases the queued requests of commands that are no longer pending. */
    private void purge() {
        for (Iterator<Queued> it = queue.iterator(); it.hasNext(); ) {
            Queued q = it.next();
            if (!pending.isPending(q.id, q.command)) {
                it.remove();
                queuedBytes.addAndGet(-q.request.readableBytes());
                q.discard();
                dropped.increment();
                pending.neverSent(q.id);
            }
        }
    }

    /**
     * The connection ended: its commands were failed by the client; their requests are released here. Like every
     * consumer of the queue, on the event loop (or once the loop is gone).
     */
    private void discardQueued() {
        Queued q;
        while ((q = queue.poll()) != null) {
            queuedBytes.addAndGet(-q.request.readableBytes());
            q.discard();
            dropped.increment();
        }
    }
}
