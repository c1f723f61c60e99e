package dev.qmpsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReportNotesTest {
    @Test
    void notesGoUnderTheReportsHeadingOneLevelDown() {
        String notes = "# Reading the numbers\n\nIntro.\n\n## Written for run A\n\nText with a # inside.\n\n### Detail\n";
        assertEquals("Intro.\n\n### Written for run A\n\nText with a # inside.\n\n#### Detail\n", Report.demoteHeadings(notes));
    }

    @Test
    void notesWithoutATitleKeepTheirFirstLine() {
        assertEquals("Just text.\n", Report.demoteHeadings("Just text.\n"));
    }
}
