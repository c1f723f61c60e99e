package dev.qmpsdk.schema.importer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compares the whole recovered schema with the man page, after the repairs: every definition should be
 * documented there with a matching kind, every doc paragraph should occur in its entry, and every entry
 * should have a definition. Differences are reported as warnings: the man page is a cross-check, the
 * seed stays the source.
 */
final class ManPageCrossCheck {
    private ManPageCrossCheck() {
    }

    static void check(List<SeedUnit> units, ManPage manPage, Consumer<String> warnings) {
        Set<String> defined = new HashSet<>();
        for (SeedUnit unit : units) {
            if (unit.metaType().equals("pragma")) {
                continue;
            }
            defined.add(unit.name());
            manPage.entry(unit.name()).ifPresent(entry -> {
                if (!entry.kind().equals(ManPage.kindOf(unit.metaType()))) {
                    warnings.accept(unit.describe() + " is shown as " + entry.kind() + " by the man page (line "
                            + entry.line() + ")");
                }
                for (String paragraph : ManPageEvidence.unconfirmedParagraphs(unit.commentLines(), entry.text())) {
                    warnings.accept(unit.describe() + ": the man page (line " + entry.line()
                            + ") does not contain the doc paragraph '" + paragraph + "'");
                }
            });
        }
        for (ManPage.Entry entry : manPage.entries()) {
            if (!defined.contains(entry.name())) {
                warnings.accept("the man page documents '" + entry.name() + "' (line " + entry.line()
                        + ") but the schema has no such definition");
            }
        }
    }
}
