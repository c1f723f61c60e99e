package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.qmpsdk.schema.model.Doc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Doc blocks of every era: split into symbol, body, members, features and tagged sections. */
class DocBlockParserTest {
    private static Doc parse(String... lines) {
        return DocBlockParser.parse(List.of(lines));
    }

    @Test
    void currentStyleBlock() {
        Doc doc = parse("@block-commit:", "", "Live commit of data.", "Second line.", "",
                "@device: the device name or node-name of a root node", "",
                "@speed: the maximum speed,", "         in bytes per second", "",
                "Features:", "", "@deprecated: Member @speed is deprecated.", "",
                "Returns: Nothing on success", "          If @device does not exist, DeviceNotFound", "",
                "Since: 1.3", "", "Example:", "", "-> { \"execute\": \"block-commit\" }", "<- { \"return\": {} }");
        assertEquals("block-commit", doc.symbol());
        assertEquals("Live commit of data.\nSecond line.", doc.body());
        assertEquals(Map.of("device", "the device name or node-name of a root node",
                "speed", "the maximum speed,\nin bytes per second"), doc.members());
        assertEquals(Map.of("deprecated", "Member @speed is deprecated."), doc.features());
        assertEquals("Nothing on success\nIf @device does not exist, DeviceNotFound", doc.returns().orElseThrow());
        assertEquals("1.3", doc.since().orElseThrow());
        assertEquals(List.of("-> { \"execute\": \"block-commit\" }\n<- { \"return\": {} }"), doc.examples());
        assertEquals(List.of("Returns", "Since", "Example"), doc.sections().stream().map(Doc.Section::tag).toList());
    }

    @Test
    void legacyBlockWithoutColonsAndWithOptional() {
        Doc doc = parse("@RunState", "", "An enumation of VM run states.", "",
                "@debug: #optional QEMU is running on a debugger", "", "Since 0.14.0");
        assertEquals("RunState", doc.symbol());
        assertEquals("#optional QEMU is running on a debugger", doc.members().get("debug"));
        // "Since" without a colon is not a tag: the text is kept, in the body
        assertEquals("An enumation of VM run states.\n\nSince 0.14.0", doc.body());
    }

    @Test
    void notesAndTodoSections() {
        Doc doc = parse("@x:", "Notes: first note", "       continued", "", "TODO: later");
        assertEquals("first note\ncontinued", doc.section("notes").orElseThrow());
        assertEquals("later", doc.section("TODO").orElseThrow());
    }

    @Test
    void freeFormBlockHasNoSymbol() {
        Doc doc = parse("Just some text", "about nothing in particular.");
        assertNull(doc.symbol());
        assertEquals("Just some text\nabout nothing in particular.", doc.body());
    }

    @Test
    void headings() {
        assertEquals("Block devices", DocBlockParser.heading(List.of("= Block devices")));
        assertEquals("Block core (VM unrelated)", DocBlockParser.heading(List.of("", "== Block core (VM unrelated)")));
        assertNull(DocBlockParser.heading(List.of("@foo:")));
    }
}
