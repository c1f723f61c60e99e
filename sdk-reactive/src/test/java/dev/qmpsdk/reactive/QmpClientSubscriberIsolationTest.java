package dev.qmpsdk.reactive;

import static dev.qmpsdk.reactive.FakeServers.T;
import static dev.qmpsdk.reactive.FakeServers.await;
import static dev.qmpsdk.reactive.FakeServers.connect;

import dev.qmpsdk.testkit.FakeQmpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** A subscriber that blocks its thread never holds up another subscriber's events. */
class QmpClientSubscriberIsolationTest {
    /** More subscribers than Reactor's boundedElastic has threads on a small machine (10 per core). */
    private static final int SUBSCRIBERS = 60;
    private static final int EVENTS = 300;

    @Test
    void oneBlockedSubscriberDoesNotStarveTheOthers() {
        try (FakeQmpServer server = FakeQmpServer.startUnix()) {
            QmpClient client = connect(server);
            List<Disposable> subscriptions = new ArrayList<>();
            subscriptions.add(client.events("STOP").subscribe(e -> sleep(2000)));
            List<AtomicInteger> counts = new ArrayList<>();
            for (int i = 1; i < SUBSCRIBERS; i++) {
                AtomicInteger count = new AtomicInteger();
                counts.add(count);
                subscriptions.add(client.events("STOP").subscribe(e -> count.incrementAndGet()));
            }
            for (int i = 0; i < EVENTS; i++) {
                server.sendEvent("STOP");
            }
            // The blocked subscriber is still in its first event's two-second sleep when the others are done.
            await(() -> counts.stream().allMatch(c -> c.get() == EVENTS), T, () -> "events per other subscriber: "
                    + counts.stream().map(AtomicInteger::get).collect(Collectors.groupingBy(n -> n, Collectors.counting())));
            subscriptions.forEach(Disposable::dispose);
            client.close().block(T);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
