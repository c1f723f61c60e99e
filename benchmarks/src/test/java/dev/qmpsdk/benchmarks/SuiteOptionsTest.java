package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {
    @Test
    void aFullRunWritesBenchmarksMdAtTheIssuesScale() {
        SuiteOptions o = SuiteOptions.parse(new String[0]);
        assertEquals(Set.copyOf(SuiteOptions.SCENARIOS), o.scenarios());
        assertEquals(Path.of("BENCHMARKS.md"), o.report());
        assertEquals(Path.of("benchmarks", "NOTES.md"), o.notes());
        assertEquals(List.of(10, 100), o.fleetVms());
        assertEquals(10_000, o.idle());
        assertEquals(1000, o.firehose());
    }

    @Test
    void aPartialRunWritesNoReportUnlessToldWhere() {
        SuiteOptions o = SuiteOptions.parse(new String[] {"--only", "fleet,idle", "--fleet-vms", "100"});
        assertEquals(Set.of("fleet", "idle"), o.scenarios());
        assertNull(o.report(), "a partial report must not replace BENCHMARKS.md");
        assertEquals(List.of(100), o.fleetVms());
        assertEquals(Path.of("part.md"), SuiteOptions.parse(new String[] {"--only", "idle", "--out", "part.md"}).report());
    }

    @Test
    void noQemuDropsTheScenariosThatNeedOne() {
        SuiteOptions o = SuiteOptions.parse(new String[] {"--no-qemu", "--no-jmh"});
        assertFalse(o.runs("qemu") || o.runs("fleet") || o.runs("codec"));
        assertTrue(o.runs("pipeline") && o.runs("idle") && o.runs("firehose") && o.runs("slow"));
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("--only: unknown scenario 'flet'; known: codec, pipeline, qemu, fleet, idle, firehose, slow, user, observe, kafka",
                assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(new String[] {"--only", "flet"})).getMessage());
        assertEquals("--idle: expected a positive whole number, got '0'",
                assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(new String[] {"--idle", "0"})).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(new String[] {"--out"})).getMessage());
        assertEquals("unknown option '--fast'",
                assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(new String[] {"--fast"})).getMessage());
    }
}
