package dev.qmpsdk.schema.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManPageTest {
    private static final String PAGE = String.join("\n",
            "   Block devices",
            "       Block core (VM unrelated)",
            "",
            "       BlockDirtyBitmapSha256 (Object)",
            "",
            "       SHA256 hash of dirty bitmap data",
            "",
            "       x-debug-block-dirty-bitmap-sha256  (Command) Get bitmap SHA256",
            "",
            "       Returns: BlockDirtyBitmapSha256 on success If \"node\" is not a valid block",
            "       device, DeviceNotFound",
            "",
            "   Miscellanea",
            "       quit  (Command) This command will cause the QEMU process to exit gracefully.",
            "");

    @Test
    void entriesCarryTheirSectionAndSubsection() {
        ManPage page = ManPage.parse(PAGE, Set.of("Block core (VM unrelated)"));

        ManPage.Entry sha = page.require("x-debug-block-dirty-bitmap-sha256");
        assertEquals("Command", sha.kind());
        assertEquals("Block devices", sha.section());
        assertEquals("Block core (VM unrelated)", sha.subsection());
        assertEquals("BlockDirtyBitmapSha256", page.predecessorOf(sha.name()).orElseThrow());
        ManPage.Entry quit = page.require("quit");
        assertEquals("Miscellanea", quit.section());
        assertNull(quit.subsection());
    }

    @Test
    void docParagraphsAreConfirmedDespiteReflowAndReferenceStyle() {
        ManPage page = ManPage.parse(PAGE, Set.of());
        List<String> doc = List.of("##", "# @x-debug-block-dirty-bitmap-sha256:", "#", "# Get bitmap SHA256",
                "#", "# Returns: BlockDirtyBitmapSha256 on success", "# If @node is not a valid block device,",
                "# DeviceNotFound", "##");

        assertEquals(List.of(), ManPageEvidence.unconfirmedParagraphs(doc,
                page.require("x-debug-block-dirty-bitmap-sha256").text()));
        assertEquals(List.of("Get bitmap MD5"), ManPageEvidence.unconfirmedParagraphs(
                List.of("##", "# Get bitmap MD5", "##"), page.require("x-debug-block-dirty-bitmap-sha256").text()));
    }
}
