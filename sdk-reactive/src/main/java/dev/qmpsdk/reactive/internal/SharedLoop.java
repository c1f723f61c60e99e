package dev.qmpsdk.reactive.internal;

import reactor.netty.resources.LoopResources;

/**
 * The event loop clients use when their configuration names none: ONE daemon thread for every monitor
 * connection of the process, created on first use. QMP traffic per VM is small; one thread multiplexes
 * thousands of connections, and a slow VM only ever costs the bytes it sends.
 */
public final class SharedLoop {
    private static final class Holder {
        static final LoopResources LOOP = LoopResources.create("qmp", 1, 1, true);
    }

    private SharedLoop() {}

    public static LoopResources get() {
        return Holder.LOOP;
    }
}
