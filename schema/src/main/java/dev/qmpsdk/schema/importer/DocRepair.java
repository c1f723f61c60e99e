package dev.qmpsdk.schema.importer;

import java.util.List;

/**
 * One repair of damage in seed 003 that the man page (seed 000) lets us undo. Each kind says what it
 * expects to find, so that a repair applied to a seed that is not damaged that way fails instead of
 * silently doing something else.
 */
sealed interface DocRepair {

    /** The definition the repair is about. */
    String name();

    /** Where the man page shows the restored text: section and entry, cited in the README. */
    String manPageSource();

    /** One line for the README and for messages. */
    String summary();

    /** A definition missing from the seed: added with its doc where the man page order puts it. */
    record AddDefinition(String name, String manPageSource, String expressionJson, String doc)
            implements DocRepair {
        @Override
        public String summary() {
            return "added the missing definition `" + name + "` with its doc block";
        }
    }

    /** A doc block cut down to {@code damagedLines}: replaced by the whole block. */
    record RestoreDocBlock(String name, String manPageSource, List<String> damagedLines, String doc)
            implements DocRepair {
        @Override
        public String summary() {
            return "restored the cut doc block of `" + name + "` (it was only `"
                    + String.join(" ", damagedLines) + "`)";
        }
    }

    /** Text lost inside one doc line: {@code damagedText} becomes {@code restoredText}. */
    record RestoreDocText(String name, String manPageSource, String damagedText, String restoredText)
            implements DocRepair {
        @Override
        public String summary() {
            return "restored `" + restoredText + "` in the doc of `" + name + "` (it read `" + damagedText + "`)";
        }
    }
}
