package dev.qmpsdk.schema.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tricky parts of the extraction, on small hand-made inputs. */
class WireExampleParsingTest {

  // ---- 002: the line-number gutter ----

  private static List<String> hxPage(String line130) {
    List<String> page = new ArrayList<>(List.of("qemu/qmp-commands.hx", "<<", ">>", "Prefs"));
    for (int n = 1; n < 130; n++) {
      page.add(String.format("%4d", n) + (n % 10 == 0 ? "" : "text " + n));
    }
    page.add(line130);
    page.add(" 131");
    return page;
  }

  @Test
  void gutterIsStrippedByTheExpectedNumber() {
    List<SeedLine> lines = HxReader.stripGutter(hxPage(" 1301. Change a removable medium"));
    assertEquals(131, lines.size());
    assertEquals(new SeedLine(1, "text 1"), lines.get(0));
    assertEquals(new SeedLine(10, ""), lines.get(9));
    assertEquals(new SeedLine(130, "1. Change a removable medium"), lines.get(129));
    assertEquals(new SeedLine(131, ""), lines.get(130));
  }

  @Test
  void gutterWithoutLeftPaddingIsStillReadAsTheLineNumber() {
    assertEquals("1. Change", HxReader.afterGutter("1301. Change", 130));
    assertEquals("1. Change", HxReader.afterGutter(" 1301. Change", 130));
    assertEquals("42 is text", HxReader.afterGutter("   742 is text", 7));
    assertNull(HxReader.afterGutter(" 1311. Change", 130));
  }

  @Test
  void brokenGutterNumberingIsAnError() {
    List<String> page = hxPage(" 1291. Change");
    assertThrows(IllegalArgumentException.class, () -> HxReader.stripGutter(page));
  }

  @Test
  void hxSectionNameIsTheUnderlinedTitleOrTheDispatchName() {
    List<SeedLine> lines = lines(0,
        "    {",
        "        .name       = \"query-rocker\",",
        "    },",
        "",
        "SQMP",
        "Show rocker switch",
        "------------------",
        "",
        "Example:",
        "",
        "-> { \"execute\": \"query-rocker\", \"arguments\": { \"name\": \"sw1\" } }",
        "<- { \"return\": {\"name\": \"sw1\", \"ports\": 2}}",
        "",
        "EQMP",
        "SQMP",
        "@query-memdev",
        "------------",
        "",
        "Example:",
        "",
        "-> { \"execute\": \"query-memdev\" }",
        "EQMP");
    List<ExampleBlock> blocks = new HxReader().blocks(lines);
    assertEquals(2, blocks.size());
    assertEquals("query-rocker", blocks.get(0).section());
    assertEquals("query-memdev", blocks.get(1).section());
    assertEquals(2, MessageSplitter.split(blocks.get(0)).messages().size());
  }

  // ---- 000: section headings and their reflow ----

  private static List<SeedLine> lines(int firstNumber, String... text) {
    List<SeedLine> out = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      out.add(new SeedLine(firstNumber + i + 1, text[i]));
    }
    return out;
  }

  @Test
  void headingNameSplitByTheReflowIsJoined() {
    List<SeedLine> page = lines(0,
        "   Block devices",
        "       x-blockdev-",
        "       remove-medium  (Command) Removes a medium (a block driver state tree) from a",
        "       block device.",
        "",
        "       Example:",
        "",
        "               -> { \"execute\": \"x-blockdev-remove-medium\",",
        "                    \"arguments\": { \"id\": \"ide0-1-0\" } }",
        "               <- { \"return\": {} }",
        "",
        "       BLOCK_JOB_",
        "       READY  (Event) Emitted when a block job is ready",
        "",
        "       Example:",
        "",
        "               <- { \"event\": \"BLOCK_JOB_READY\" }",
        "",
        "       PreallocMode (Enum)",
        "",
        "       Example:",
        "",
        "               <- { \"not\": \"a wire example of a command\" }");
    ManPageReader reader = new ManPageReader();
    List<ExampleBlock> blocks = reader.blocks(page);
    assertEquals(2, blocks.size());
    assertEquals("x-blockdev-remove-medium", blocks.get(0).section());
    assertEquals("command", blocks.get(0).kind());
    assertEquals(15, blocks.get(0).pageIndent());
    // Only a hyphen-final fragment is joined: "BLOCK_JOB_" does not end with "-".
    assertEquals("READY", blocks.get(1).section());
    assertEquals("event", blocks.get(1).kind());
    assertEquals(1, reader.warnings().size());
    assertTrue(reader.warnings().get(0).startsWith("line 23:"), reader.warnings().get(0));
  }

  @Test
  void proseLineEndingInAHyphenBeforeAHeadingIsNotAFragment() {
    List<SeedLine> page = lines(0,
        "       the tray is opened with blockdev-",
        "       query-status  (Command) Query the run status");
    assertEquals("query-status", ManPageReader.heading(page, 1).name());
    List<SeedLine> split = lines(0,
        "       block-dirty-bitmap-",
        "       add  (Command) Create a dirty bitmap");
    assertEquals("block-dirty-bitmap-add", ManPageReader.heading(split, 1).name());
  }

  // ---- message extent ----

  private static List<MessageSplitter.RawMessage> split(int indent, String... text) {
    ExampleBlock block = new ExampleBlock("s", "command", indent, lines(99, text));
    return MessageSplitter.split(block).messages();
  }

  @Test
  void closingBracketsInsideStringsDoNotEndAMessage() {
    List<MessageSplitter.RawMessage> ms = split(15,
        "               <- { \"return\": \"a } b ] c\",",
        "                    \"quote\": \"say \\\"}\\\" \\\\\",",
        "                    \"list\": [ \"]\", \"{\" ] }",
        "               -> { \"execute\": \"next\" }");
    assertEquals(2, ms.size());
    MessageSplitter.RawMessage m = ms.get(0);
    assertEquals(100, m.line());
    assertEquals("<-", m.direction());
    assertTrue(m.closed());
    assertEquals("{ \"return\": \"a } b ] c\",\n"
        + "     \"quote\": \"say \\\"}\\\" \\\\\",\n"
        + "     \"list\": [ \"]\", \"{\" ] }", m.text());
    StrictJson.Result r = StrictJson.parse(m.text(), m.line());
    assertNull(r.error());
    assertEquals("say \"}\" \\", r.value().get("quote").asText());
    assertEquals(103, ms.get(1).line());
  }

  @Test
  void unclosedMessageDoesNotSwallowTheNextOne() {
    List<MessageSplitter.RawMessage> ms = split(15,
        "               <- { \"return\": { \"formats\":",
        "                                [\"elf\", \"kdump-zlib\"] }",
        "",
        "               -> { \"execute\": \"query-status\" }",
        "               <- { \"return\": {} }");
    assertEquals(3, ms.size());
    assertEquals("{ \"return\": { \"formats\":\n                 [\"elf\", \"kdump-zlib\"] }",
        ms.get(0).text());
    assertEquals(false, ms.get(0).closed());
    StrictJson.Result r = StrictJson.parse(ms.get(0).text(), ms.get(0).line());
    assertNull(r.value());
    assertTrue(r.error().startsWith("Unexpected end-of-input"), r.error());
    assertTrue(r.error().endsWith("seed line 101)"), r.error());
    assertEquals("{ \"execute\": \"query-status\" }", ms.get(1).text());
    assertNull(StrictJson.parse(ms.get(2).text(), 0).error());
  }

  @Test
  void unclosedMessageStopsBeforeProse() {
    List<MessageSplitter.RawMessage> ms = split(0,
        "<- { \"return\": [ {\"a\": 1},",
        "                 {...more...},",
        "",
        "2. Change VNC password",
        "",
        "-> { \"execute\": \"change\" }");
    assertEquals(2, ms.size());
    assertEquals("{ \"return\": [ {\"a\": 1},\n                 {...more...},", ms.get(0).text());
    String error = StrictJson.parse(ms.get(0).text(), 1).error();
    assertNotNull(error);
    assertTrue(error.contains("at line 2, column 19 (offset 42, seed line 2)"), error);
  }

  @Test
  void junkAfterTheClosedValueIsKeptAndReported() {
    List<MessageSplitter.RawMessage> ms = split(15,
        "               <- {\"return\": [",
        "                  ]}'",
        "",
        "               <- { \"event\": \"X\" }",
        "                  }",
        "",
        "               For pc machine type:");
    assertEquals(2, ms.size());
    assertEquals("{\"return\": [\n   ]}'", ms.get(0).text());
    assertTrue(StrictJson.parse(ms.get(0).text(), 0).error().contains("(''' (code 39))"));
    assertEquals("{ \"event\": \"X\" }\n   }", ms.get(1).text());
    assertTrue(StrictJson.parse(ms.get(1).text(), 0).error().contains("Unexpected close marker"));
  }

  @Test
  void strictParsingRejectsLenientJson() {
    assertTrue(StrictJson.parse("{ \"a\": 1, }", 1).error().contains("offset 10"));
    assertNotNull(StrictJson.parse("{ 'a': 1 }", 1).error());
    assertNotNull(StrictJson.parse("{ \"a\": 1 } // c", 1).error());
    assertNotNull(StrictJson.parse("{ \"a\" , 1 }", 1).error());
    assertNotNull(StrictJson.parse("{ \"a\": \"split-\nword\" }", 1).error());
    assertEquals("0.1", StrictJson.parse("{ \"v\": 0.1 }", 1).value().get("v").decimalValue()
        .toPlainString());
  }

  @Test
  void exchangesStartWithEachBlockAndEachRequest() {
    ExampleBlock b1 = new ExampleBlock("blockdev-open-tray", "command", 0, lines(0,
        "-> { \"execute\": \"blockdev-open-tray\" }",
        "<- { \"event\": \"DEVICE_TRAY_MOVED\" }",
        "<- { \"return\": {} }",
        "-> { \"execute\": \"x\" }",
        "<- { \"return\": {} }"));
    ExampleBlock b2 = new ExampleBlock("E", "event", 0, lines(10,
        "<- { \"event\": \"E\" }",
        "<- { \"event\": \"E\" }"));
    List<WireMessage> ms =
        WireExampleExtractor.messages("000", List.of(b1, b2), new ArrayList<>());
    assertEquals(List.of(1, 1, 1, 2, 2, 3, 3), ms.stream().map(WireMessage::exchange).toList());
  }
}
