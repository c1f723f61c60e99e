package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.protocol.ReplyIds;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The commands sent and not yet answered, by request id, and their deadlines. A reply is matched by id only, never by
 * order, so events and late replies cannot desynchronise anything.
 *
 * <p>Ids are short: each command gets the lowest id not in use on the connection, and an id is in use from its command's
 * registration until the server has answered it (or it is known never to have been sent), so a command that gave up
 * keeps its id until its late reply arrives; 256 in flight need at most three digits. A command alone on the connection
 * goes without an id at all ({@link #add(PendingCommand, EventLoop, boolean)}). It matters because QEMU (7.2) reads a
 * monitor one byte per main-loop turn: every byte of a request costs about 10–14 µs of round trip on a VM
 * (BENCHMARKS.md, scenario 6), and a growing counter would add a digit every tenfold.
 *
 * <p>Deadlines cost no timer per command: one sweep is scheduled on the connection's event loop for the
 * earliest deadline; it times out what has expired and re-arms itself for the earliest remaining one. With
 * the usual single default timeout that is one sweep per timeout period, whatever the command rate.
 */
public final class PendingCommands {
    private final ConcurrentHashMap<Long, PendingCommand<?>> pending = new ConcurrentHashMap<>();
    /** The ids in use: registered and not answered (nor known unsent). Guarded by itself. */
    private final BitSet idsInUse = new BitSet();
    /** The id of the command sent without an id, whose reply is the next one without an id; -1: none. Guarded by idsInUse. */
    private long unnumbered = -1;
    private final Object sweepLock = new Object();
    /** When the earliest scheduled sweep runs; Long.MAX_VALUE when none is. Guarded by sweepLock. */
    private long sweepAtNanos = Long.MAX_VALUE;
    /** The earliest scheduled sweep, cancelled when the connection ends. Guarded by sweepLock. */
    private @Nullable ScheduledFuture<?> sweepTimer;
    /** Set by {@link #drain()}: the connection ended, no sweep is needed any more. Guarded by sweepLock. */
    private boolean drained;
    private volatile Runnable onGaveUp = () -> { };

    /** Called (on any thread) after commands were removed unanswered by their timeout or a cancellation. */
    public void onGaveUp(Runnable listener) {
        this.onGaveUp = listener;
    }

    /** Registers a command under the lowest id not in use and returns the id. */
    public long add(PendingCommand<?> command, EventLoop loop) {
        return add(command, loop, false);
    }

    /**
     * {@link #add(PendingCommand, EventLoop)}; with {@code mayGoUnnumbered} the command is to be sent without an id when
     * no other id is in use ({@link #isUnnumbered}): nothing else can then answer without an id, since QEMU answers only
     * a request without one that way (besides its JSON parse errors), so the next reply without an id is this command's.
     * A request is seven bytes shorter without {@code ,"id":0}, which QEMU, reading a byte per turn of its loop,
     * answers ~70 µs sooner on a VM.
     */
    public long add(PendingCommand<?> command, EventLoop loop, boolean mayGoUnnumbered) {
        long id;
        synchronized (idsInUse) {
            boolean alone = mayGoUnnumbered && idsInUse.isEmpty();
            id = idsInUse.nextClearBit(0);
            idsInUse.set((int) id);
            if (alone) {
                unnumbered = id;
            }
        }
        command.registeredAs(id, this);
        pending.put(id, command);
        armSweep(command.deadlineNanos(), loop);
        return id;
    }

    /**
     * Removes and returns the command with this id, or null when none is pending; the id stays in use (the request may
     * have reached the server, whose reply would carry it).
     */
    public @Nullable PendingCommand<?> remove(long id) {
        return pending.remove(id);
    }

    /** True when the command registered as {@code id} is to be sent without an id. */
    public boolean isUnnumbered(long id) {
        synchronized (idsInUse) {
            return unnumbered == id;
        }
    }

    /**
     * A reply without an id arrived: the id of the command sent without one (the reply is its; the id is free once
     * {@link #answered} takes it), or {@link ReplyIds#NONE} when none was.
     */
    public long takeUnnumbered() {
        synchronized (idsInUse) {
            long id = unnumbered;
            unnumbered = -1;
            return id < 0 ? ReplyIds.NONE : id;
        }
    }

    /**
     * The server answered {@code id}: removes and returns the command waiting for it (null for a late or unknown reply),
     * and the id is free for another command.
     */
    public @Nullable PendingCommand<?> answered(long id) {
        return removeAndFree(id);
    }

    /** {@link #remove} for a command whose request was never sent (it could not be encoded or written): its id is free. */
    public @Nullable PendingCommand<?> withdraw(long id) {
        return removeAndFree(id);
    }

    private @Nullable PendingCommand<?> removeAndFree(long id) {
        PendingCommand<?> command = pending.remove(id);   // before the release: the id's next owner must not be removed
        free(id);
        return command;
    }

    /** A request that was queued and dropped unsent (its command had given up): nobody will answer its id. */
    public void neverSent(long id) {
        if (!pending.containsKey(id)) {
            free(id);
        }
    }

    private void free(long id) {
        if (id >= 0 && id <= Integer.MAX_VALUE) {
            synchronized (idsInUse) {
                idsInUse.clear((int) id);
                if (unnumbered == id) {
                    unnumbered = -1;
                }
            }
        }
    }

    /** True while {@code command} is registered under {@code id}: nobody has answered, timed out or cancelled it. */
    public boolean isPending(long id, PendingCommand<?> command) {
        return pending.get(id) == command;
    }

    /** A cancelled command leaves (see {@link PendingCommand#cancel()}). */
    void cancelled(long id) {
        if (pending.remove(id) != null) {
            onGaveUp.run();
        }
    }

    public int size() {
        return pending.size();
    }

    /**
     * Removes every pending command and returns them (to fail them all at once on disconnect); the deadline sweep is
     * cancelled, so a closed connection keeps no timer (the handshake's lasts the whole connect timeout otherwise).
     */
    public List<PendingCommand<?>> drain() {
        synchronized (idsInUse) {
            idsInUse.clear();
            unnumbered = -1;
        }
        synchronized (sweepLock) {
            drained = true;
            if (sweepTimer != null) {
                sweepTimer.cancel(false);
                sweepTimer = null;
            }
        }
        List<PendingCommand<?>> out = new ArrayList<>();
        for (Long id : new ArrayList<>(pending.keySet())) {
            PendingCommand<?> p = pending.remove(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private void armSweep(long deadlineNanos, EventLoop loop) {
        synchronized (sweepLock) {
            if (deadlineNanos >= sweepAtNanos || drained) {
                return; // an earlier sweep will see this command and re-arm for it
            }
            sweepAtNanos = deadlineNanos;
            // A later sweep is superseded: the earlier one re-arms for whatever is left. Scheduled under the lock so
            // that drain() cancels exactly the one timer that is armed.
            if (sweepTimer != null) {
                sweepTimer.cancel(false);
            }
            sweepTimer = loop.schedule(() -> sweep(loop), Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void sweep(EventLoop loop) {
        // Reset before looking: a command added from now on arms its own sweep; one added before is seen below
        // (its put happened before its armSweep, which happened before this reset).
        synchronized (sweepLock) {
            if (drained) {
                return;
            }
            sweepAtNanos = Long.MAX_VALUE;
            sweepTimer = null;
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        boolean expired = false;
        for (PendingCommand<?> p : pending.values()) {
            if (p.deadlineNanos() - now <= 0) {
                if (pending.remove(p.id(), p)) {
                    p.timedOut();
                    expired = true;
                }
            } else {
                next = Math.min(next, p.deadlineNanos());
            }
        }
        if (expired) {
            onGaveUp.run();
        }
        if (next != Long.MAX_VALUE) {
            armSweep(next, loop);
        }
    }
}
