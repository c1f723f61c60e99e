package dev.qmpsdk.schema.importer;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which QAPI module file of QEMU 2.11 holds each man-page section, so the recovered schema is split the
 * way QEMU split it (qapi-schema.json included qapi/common.json, qapi/sockets.json, ...).
 *
 * <p>Deviations, on purpose: QEMU 2.11 kept the "Miscellanea" definitions in qapi-schema.json itself;
 * here they go to misc.json (the file QEMU 2.12 moved them to), so that the main file holds only the
 * pragma and the includes. "Input" is a top-level section written into ui.json, as QEMU 2.11 did.
 */
final class ModuleLayout {
    /** Man-page section heading (3-space indent) to module file, in man-page order. */
    private static final Map<String, String> SECTION_FILES = Map.ofEntries(
            Map.entry("Common data types", "common.json"),
            Map.entry("Socket data types", "sockets.json"),
            Map.entry("VM run state", "run-state.json"),
            Map.entry("Cryptography", "crypto.json"),
            Map.entry("Block devices", "block.json"),
            Map.entry("Character devices", "char.json"),
            Map.entry("Net devices", "net.json"),
            Map.entry("Rocker switch device", "rocker.json"),
            Map.entry("TPM (trusted platform module) devices", "tpm.json"),
            Map.entry("Remote desktop", "ui.json"),
            Map.entry("Input", "ui.json"),
            Map.entry("Migration", "migration.json"),
            Map.entry("Transactions", "transaction.json"),
            Map.entry("Tracing", "trace.json"),
            Map.entry("QMP introspection", "introspect.json"),
            Map.entry("Miscellanea", "misc.json"));

    /**
     * Subsection heading (a lone 7-space line in the man page, "== Title" in QAPI) to the file that
     * holds it. Block core got its own file, included from block.json; the others stay in their
     * section's file.
     */
    private static final Map<String, String> SUBSECTION_FILES = Map.of(
            "Block core (VM unrelated)", "block-core.json",
            "Additional block stuff (VM related)", "block.json",
            "Spice", "ui.json",
            "VNC", "ui.json");

    /** Man-page sections that come from the introduction of qapi-schema.json and hold no definitions. */
    private static final Set<String> FRONT_MATTER = Set.of("Introduction", "Stability Considerations");

    private ModuleLayout() {
    }

    static Set<String> subsectionTitles() {
        return SUBSECTION_FILES.keySet();
    }

    static Optional<String> sectionFile(String section) {
        return Optional.ofNullable(SECTION_FILES.get(section));
    }

    static Optional<String> subsectionFile(String subsection) {
        return Optional.ofNullable(SUBSECTION_FILES.get(subsection));
    }

    static boolean isFrontMatter(String section) {
        return FRONT_MATTER.contains(section);
    }
}
