package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/** The fleet's metrics, read the way Prometheus reads them: over HTTP, after some traffic. */
class FleetMetricsSampleTest {
    private static double sample(String scrape, String metric, String... labels) {
        for (String line : scrape.lines().toList()) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                Matcher value = Pattern.compile(" (\\S+)$").matcher(line);
                assertTrue(value.find(), line);
                return Double.parseDouble(value.group(1));
            }
        }
        throw new AssertionError("no " + metric + " with " + String.join(",", labels) + " in:\n" + scrape);
    }

    private static void awaitAudit(FleetMetricsSample sample, int records) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sample.auditRecords().size() < records) {
            assertTrue(System.nanoTime() < deadline, "audit records: " + sample.auditRecords());
            Thread.onSpinWait();
        }
        assertEquals(records, sample.auditRecords().size(), sample.auditRecords().toString());
        assertEquals(3, sample.auditRecords().stream().filter(r -> r.command().equals("x-not-a-command")
                && "CommandNotFound".equals(r.errorClass())).count());
    }

    @Test
    void aScrapeShowsTheCommandsEventsAndSizeOfTheFleet() {
        try (FleetMetricsSample sample = FleetMetricsSample.start(3, 0)) {
            sample.exercise().block(Duration.ofSeconds(10));
            String scrape = HttpClient.create().get().uri("http://localhost:" + sample.port() + "/metrics")
                    .responseContent().aggregate().asString().block(Duration.ofSeconds(10));
            assertEquals(3, sample(scrape, "qmp_fleet_vms", "fleet=\"sample\""));
            assertEquals(3, sample(scrape, "qmp_command_duration_seconds_count", "command=\"query-status\"", "outcome=\"success\""));
            assertEquals(3, sample(scrape, "qmp_command_duration_seconds_count", "command=\"stop\"", "outcome=\"success\""));
            assertEquals(3, sample(scrape, "qmp_command_duration_seconds_count", "command=\"x-not-a-command\"", "outcome=\"server_error\"",
                    "error_class=\"CommandNotFound\""));
            assertEquals(3, sample(scrape, "qmp_events_received_total", "event=\"STOP\""));
            assertEquals(3, sample(scrape, "qmp_events_received_total", "event=\"RESUME\""));
            assertEquals(3, sample(scrape, "qmp_connection_states_total", "state=\"ready\""));
            assertEquals(0, sample(scrape, "qmp_commands_in_flight"));
            FleetMetricsSampleTest.awaitAudit(sample, 3 * 4 + 3);   // four commands per VM, and each VM's handshake
        }
    }
}
