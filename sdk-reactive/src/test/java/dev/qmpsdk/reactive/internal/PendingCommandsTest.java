package dev.qmpsdk.reactive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.protocol.QmpCodec;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;

class PendingCommandsTest {
    /** An event loop that remembers the timers scheduled on it. */
    private static final class RecordingLoop extends DefaultEventLoop {
        final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            ScheduledFuture<?> f = super.schedule(command, delay, unit);
            timers.add(f);
            return f;
        }
    }

    @Test
    void drainingOnDisconnectCancelsTheDeadlineSweep() {
        RecordingLoop loop = new RecordingLoop();
        try {
            PendingCommands pending = new PendingCommands();
            PendingCommand<JsonNode> handshake = new PendingCommand<>(new BaseSubscriber<JsonNode>() { },
                    Request.raw("qmp_capabilities", null), QmpCodec.of(EventRegistry.empty()), Duration.ofSeconds(60), "test");
            pending.add(handshake, loop);
            assertEquals(1, loop.timers.size());
            assertEquals(List.of(handshake), pending.drain());
            assertTrue(loop.timers.get(0).isCancelled(), "the sweep for the drained command's deadline is still scheduled");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
