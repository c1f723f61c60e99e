package dev.qmpsdk.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.reactive.observe.QmpAuditTrail;
import dev.qmpsdk.reactive.observe.QmpObservability;
import dev.qmpsdk.reactive.observe.QmpWireLog;
import dev.qmpsdk.testkit.FakeQmpServer;
import dev.qmpsdk.testkit.Reply;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: a client (with the wire log, the audit trail and observability off) loads and runs through a
 * class loader that has no {@code io.micrometer} at all.
 */
class NoMicrometerTest {
    @Test
    void theSdkLoadsAndRunsWithoutMicrometerOnTheClassPath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.contains("micrometer")) {
                removed.add(entry);
            } else if (!entry.isEmpty()) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        assertFalse(removed.isEmpty(), "the test class path should have Micrometer (to take it away): " + classPath);
        try (URLClassLoader withoutMicrometer = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, withoutMicrometer));
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.observation.Observation", false, withoutMicrometer));
            Class<?> run = Class.forName(Run.class.getName(), true, withoutMicrometer);
            assertTrue(run.getClassLoader() == withoutMicrometer, "loaded apart from the test's own classes");
            @SuppressWarnings("unchecked")
            Callable<String> session = (Callable<String>) run.getDeclaredConstructor().newInstance();
            assertEquals("running; wire lines 4+; audit 2; off: running", session.call());
        }
    }

    /** Runs in the class loader without Micrometer. */
    public static final class Run implements Callable<String> {
        @Override
        public String call() {
            try (FakeQmpServer server = FakeQmpServer.startUnix()
                    .on("query-status", Reply.ok("{\"status\":\"running\",\"singlestep\":false,\"running\":true}"))) {
                List<String> wire = new CopyOnWriteArrayList<>();
                QmpAuditTrail audit = QmpAuditTrail.create();
                List<Object> records = new CopyOnWriteArrayList<>();
                audit.records().subscribe(records::add);
                QmpObservability obs = QmpObservability.builder().observer(QmpWireLog.to(wire::add)).observer(audit).wireLog(true).build();
                QmpClient observed = FakeServers.connect(FakeServers.options(server).observability(obs).build());
                String status = observed.executeRaw("query-status", null).block(FakeServers.T).path("status").asText();
                FakeServers.await(() -> records.size() == 2, () -> "audit records " + records);
                observed.close().block(FakeServers.T);
                QmpClient plain = FakeServers.connect(server);
                String plainStatus = plain.executeRaw("query-status", null).block(FakeServers.T).path("status").asText();
                plain.close().block(FakeServers.T);
                return status + "; wire lines " + (wire.size() >= 4 ? "4+" : wire.toString()) + "; audit " + records.size() + "; off: " + plainStatus;
            } finally {
                // This class loader's copy of the SDK has its own threads: end them, or they outlive the test
                // (QmpResourcesTest, in the same JVM, looks for SDK threads left alive).
                if (!QmpResources.shutdown()) {
                    throw new AssertionError("the isolated SDK's threads did not end");
                }
            }
        }
    }
}
