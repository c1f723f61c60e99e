package dev.qmpsdk.schema.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedSplitterTest {

    private static List<SeedUnit> split(String schema) {
        return SeedSplitter.split(SeedSplitter.HEADER + " " + schema);
    }

    @Test
    void docExampleIsNotTakenForAnExpression() {
        List<SeedUnit> units = split("## # @stop: # # Example: # # -> { \"execute\": \"stop\" } "
                + "# <- { \"return\": {} } ## { \"command\": \"stop\" }");

        assertEquals(1, units.size());
        assertEquals("stop", units.get(0).name());
        assertEquals(List.of("##", "# @stop:", "#", "# Example:", "#", "# -> { \"execute\": \"stop\" }",
                "# <- { \"return\": {} }", "##"), units.get(0).commentLines());
    }

    @Test
    void jsonWithAMetaKeyButForeignKeysIsNotAnExpression() {
        List<SeedUnit> units = split("## # e.g. { \"struct\": \"X\", \"execute\": \"y\" } ## "
                + "{ \"struct\": \"Y\", \"data\": { \"a\": \"int\" } }");

        assertEquals(1, units.size());
        assertEquals("Y", units.get(0).name());
    }

    @Test
    void hashGluedToAWordStaysInsideTheLine() {
        List<SeedUnit> units = split("## # @qom-get: # # properties are returned as #str # pathnames, "
                + "\"node-name\": \"#block212\" ## { \"command\": \"qom-get\" }");

        assertEquals(List.of("##", "# @qom-get:", "#", "# properties are returned as #str",
                "# pathnames, \"node-name\": \"#block212\"", "##"), units.get(0).commentLines());
    }

    @Test
    void plainCommentAfterTheDocBlockIsKept() {
        List<SeedUnit> units = split("## # @A: ## # TODO fuse # later { \"struct\": \"A\" }");

        assertEquals(List.of("##", "# @A:", "##", "# TODO fuse", "# later"), units.get(0).commentLines());
    }

    @Test
    void unitsAreNumberedAndLocated() {
        String schema = "{ \"enum\": \"E\", \"data\": [ \"a\" ] } ## # @F: ## { \"event\": \"F\" }";
        List<SeedUnit> units = split(schema);

        assertEquals(2, units.size());
        assertEquals(2, units.get(1).number());
        String seed = SeedSplitter.HEADER + " " + schema;
        assertEquals("{ \"event\"", seed.substring(units.get(1).offset(), units.get(1).offset() + 9));
    }

    @Test
    void textThatIsNotACommentIsAnError() {
        SeedImportException error = assertThrows(SeedImportException.class,
                () -> split("stray words { \"struct\": \"A\" }"));
        assertTrue(error.getMessage().contains("unit 1"), error.getMessage());
    }

    @Test
    void trailingTextWithoutExpressionIsAnError() {
        SeedImportException error = assertThrows(SeedImportException.class,
                () -> split("{ \"struct\": \"A\" } ## # @B: ## { \"struct\": "));
        assertTrue(error.getMessage().contains("after the last expression"), error.getMessage());
    }

    @Test
    void missingHeaderIsAnError() {
        assertThrows(SeedImportException.class, () -> SeedSplitter.split("{ \"struct\": \"A\" }"));
    }
}
