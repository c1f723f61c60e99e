package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.EventRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class QmpClientOptionsTest {
    private static final Path SOCKET = Path.of("/run/vm1.qmp");

    @Test
    void unsetSettingsAreTheDefaults() {
        QmpClientOptions o = QmpClientOptions.unix(SOCKET).build();
        assertEquals(QmpAddress.unix(SOCKET), o.address());
        assertEquals(QmpClientOptions.DEFAULT_CONNECT_TIMEOUT, o.connectTimeout());
        assertEquals(QmpClientOptions.DEFAULT_COMMAND_TIMEOUT, o.commandTimeout());
        assertEquals(QmpClientOptions.DEFAULT_MAX_FRAME_SIZE, o.maxFrameSize());
        assertEquals(QmpClientOptions.DEFAULT_EVENT_BUFFER_SIZE, o.eventBufferSize());
        assertEquals(QmpClientOptions.DEFAULT_EVENT_OVERFLOW_POLICY, o.eventOverflowPolicy());
        assertEquals(QmpClientOptions.DEFAULT_REQUEST_OOB, o.requestOob());
        assertEquals(QmpClientOptions.DEFAULT_STRICT, o.strict());
        assertEquals(QmpClientOptions.DEFAULT_ALWAYS_SEND_IDS, o.alwaysSendIds());
        assertEquals(QmpClientOptions.DEFAULT_MAX_QUEUED_REQUEST_BYTES, o.maxQueuedRequestBytes());
        assertSame(QmpClientOptions.DEFAULT_EVENT_TYPES, o.eventTypes());
        assertNull(o.loopResources());
        assertNull(o.eventScheduler());
        assertEquals(QmpAddress.tcp("127.0.0.1", 4444), QmpClientOptions.tcp("127.0.0.1", 4444).build().address());
    }

    @Test
    void eachSettingHasItsOwnMethodAndMutateCopies() {
        Scheduler single = Schedulers.single();
        QmpClientOptions o = QmpClientOptions.builder(QmpAddress.unix(SOCKET))
                .commandTimeout(Duration.ofSeconds(5))
                .eventBufferSize(64)
                .eventOverflowPolicy(OverflowPolicy.ERROR)
                .eventScheduler(single)
                .eventTypes(EventRegistry.empty())
                .strict(true)
                .alwaysSendIds(true)
                .build();
        assertEquals(Duration.ofSeconds(5), o.commandTimeout());
        assertEquals(64, o.eventBufferSize());
        assertEquals(OverflowPolicy.ERROR, o.eventOverflowPolicy());
        assertSame(single, o.eventScheduler());
        assertTrue(o.strict());
        assertTrue(o.alwaysSendIds());

        QmpClientOptions changed = o.mutate().eventBufferSize(8).address(QmpAddress.tcp("h", 1)).build();
        assertNotSame(o, changed);
        assertEquals(64, o.eventBufferSize(), "the original is unchanged");
        assertEquals(8, changed.eventBufferSize());
        assertEquals(OverflowPolicy.ERROR, changed.eventOverflowPolicy(), "mutate keeps the other settings");
        assertSame(single, changed.eventScheduler());
        assertTrue(changed.alwaysSendIds());
        assertEquals(QmpAddress.tcp("h", 1), changed.address());
    }

    @Test
    void aBadValueFailsAtOnceNamingTheSettingAndTheValue() {
        rejects(b -> b.connectTimeout(Duration.ZERO), "connectTimeout", "PT0S");
        rejects(b -> b.commandTimeout(Duration.ofSeconds(-1)), "commandTimeout", "PT-1S");
        rejects(b -> b.maxFrameSize(100), "maxFrameSize", "100");
        rejects(b -> b.eventBufferSize(0), "eventBufferSize", "0");
        rejects(b -> b.maxQueuedRequestBytes(10), "maxQueuedRequestBytes", "10");
        NullPointerException npe = assertThrows(NullPointerException.class, () -> QmpClientOptions.unix(SOCKET).eventOverflowPolicy(null));
        assertEquals("eventOverflowPolicy", npe.getMessage());
    }

    private static void rejects(Consumer<QmpClientOptions.Builder> setting, String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setting.accept(QmpClientOptions.unix(SOCKET)));
        assertTrue(e.getMessage().contains("QmpClientOptions." + name) && e.getMessage().endsWith("got " + value), e.getMessage());
    }
}
