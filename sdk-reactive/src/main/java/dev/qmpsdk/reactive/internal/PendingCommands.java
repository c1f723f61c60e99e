package dev.qmpsdk.reactive.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The commands sent and not yet answered, by request id. Ids are fresh longs per connection; a reply is
 * matched by id only, never by order, so events and late replies cannot desynchronise anything.
 *
 * @param <P> what is kept per command
 */
public final class PendingCommands<P> {
    private final ConcurrentHashMap<Long, P> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    /** A fresh id, never used before on this connection. */
    public long nextId() {
        return nextId.getAndIncrement();
    }

    public void put(long id, P command) {
        pending.put(id, command);
    }

    /** Removes and returns the command with this id, or null when none is pending (late or unknown reply). */
    public @Nullable P remove(long id) {
        return pending.remove(id);
    }

    public int size() {
        return pending.size();
    }

    /** Removes every pending command and returns them (to fail them all at once on disconnect). */
    public List<P> drain() {
        List<P> out = new ArrayList<>();
        for (Long id : new ArrayList<>(pending.keySet())) {
            P p = pending.remove(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
