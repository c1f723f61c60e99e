package dev.qmpsdk.schema.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    private static List<SeedUnit> split(String schema) {
        return SeedSplitter.split(SeedSplitter.HEADER + " " + schema);
    }

    @Test
    void identicalRepeatsAreDroppedKeepingFirstOccurrenceOrder() {
        List<SeedUnit> unique = Deduplicator.keepFirstOccurrences(split(
                "## # @A: ## { \"struct\": \"A\" } ## # @B: ## { \"enum\": \"B\", \"data\": [] } "
                        + "## # @A: ## { \"struct\": \"A\" } ## # @C: ## { \"event\": \"C\" }"));

        assertEquals(List.of("A", "B", "C"), unique.stream().map(SeedUnit::name).toList());
        assertEquals(1, unique.get(0).number());
    }

    @Test
    void repeatWithDifferentExpressionIsAnError() {
        List<SeedUnit> units = split("## # @A: ## { \"struct\": \"A\", \"data\": { \"x\": \"int\" } } "
                + "## # @A: ## { \"struct\": \"A\", \"data\": { \"x\": \"str\" } }");

        SeedImportException error = assertThrows(SeedImportException.class,
                () -> Deduplicator.keepFirstOccurrences(units));
        assertTrue(error.getMessage().contains("unit 2 at offset"), error.getMessage());
        assertTrue(error.getMessage().contains("struct 'A'"), error.getMessage());
        assertTrue(error.getMessage().contains("different expression"), error.getMessage());
    }

    @Test
    void repeatWithOtherKeyOrderIsAnError() {
        List<SeedUnit> units = split("{ \"struct\": \"A\", \"data\": {}, \"base\": \"B\" } "
                + "{ \"struct\": \"A\", \"base\": \"B\", \"data\": {} }");

        assertThrows(SeedImportException.class, () -> Deduplicator.keepFirstOccurrences(units));
    }

    @Test
    void repeatWithDifferentDocIsAnError() {
        List<SeedUnit> units = split("## # @A: # one ## { \"struct\": \"A\" } ## # @A: # two ## { \"struct\": \"A\" }");

        SeedImportException error = assertThrows(SeedImportException.class,
                () -> Deduplicator.keepFirstOccurrences(units));
        assertTrue(error.getMessage().contains("different doc comment"), error.getMessage());
    }

    @Test
    void sameNameWithOtherMetaTypeIsNotARepeat() {
        List<SeedUnit> unique = Deduplicator.keepFirstOccurrences(split(
                "{ \"event\": \"STOP\" } { \"command\": \"STOP\" }"));

        assertEquals(2, unique.size());
    }
}
