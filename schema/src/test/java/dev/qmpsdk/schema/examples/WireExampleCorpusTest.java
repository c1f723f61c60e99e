package dev.qmpsdk.schema.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qmpsdk.schema.SeedCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed corpus is exactly what the extractor makes of the seeds. */
@SeedCheck
class WireExampleCorpusTest {

  static final String MANPAGE_SEED = "000_2a28d86bcf41dded.txt";
  static final String HX_SEED = "002_8e4219ff6d24ca8a.txt";
  static final Path CORPUS =
      Path.of("..", "sdk-core", "src", "test", "resources", "conformance", "wire-examples.json");

  static WireExampleExtractor.Corpus corpus;

  static Path seed(String name) {
    String prop = System.getProperty("qmpsdk.seeds.dir");
    Path dir = prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "seeds");
    Path p = dir.resolve(name);
    if (!Files.isReadable(p)) {
      fail("seed " + name + " not found: looked at " + p.toAbsolutePath().normalize()
          + (prop != null ? " (system property qmpsdk.seeds.dir=" + prop + ")"
              : " (system property qmpsdk.seeds.dir not set; default ../../shared/seeds)"));
    }
    return p;
  }

  @BeforeAll
  static void extract() {
    corpus = WireExampleExtractor.extract(seed(MANPAGE_SEED), seed(HX_SEED));
  }

  @Test
  void committedCorpusIsTheExtractorOutput() throws IOException {
    if (!Files.isReadable(CORPUS)) {
      fail("corpus not found: " + CORPUS.toAbsolutePath().normalize()
          + "; run tools/extract-examples");
    }
    String expected = Files.readString(CORPUS, StandardCharsets.UTF_8);
    String actual = WireExampleExtractor.toJson(corpus.messages());
    if (!expected.equals(actual)) {
      List<String> e = expected.lines().toList();
      List<String> a = actual.lines().toList();
      int i = 0;
      while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
        i++;
      }
      fail("the committed corpus " + CORPUS.toAbsolutePath().normalize()
          + " differs from the extractor output at line " + (i + 1) + ":\n  committed: "
          + (i < e.size() ? e.get(i) : "<end>") + "\n  extracted: "
          + (i < a.size() ? a.get(i) : "<end>") + "\nregenerate it with tools/extract-examples");
    }
  }

  private static long count(String source, String direction) {
    return corpus.messages().stream()
        .filter(m -> m.source().equals(source) && m.direction().equals(direction))
        .count();
  }

  @Test
  void messageCountsMatchTheSeedsReadme() {
    assertEquals(152, count("000", "->"));
    assertEquals(186, count("000", "<-"));
    assertEquals(118, count("002", "->"));
    assertEquals(116, count("002", "<-"));
  }

  @Test
  void everyRequestParsesAndEveryMessageHasExactlyOneOfJsonAndError() {
    for (WireMessage m : corpus.messages()) {
      assertTrue((m.json() == null) != (m.error() == null), m.toString());
      if (m.direction().equals("->")) {
        assertNull(m.error(), m.source() + " line " + m.line());
      }
    }
  }

  /** Known-bad examples listed in the seeds README, as (source, section, a word of the error). */
  static final List<List<String>> README_KNOWN_BAD = List.of(
      // placeholders {...more...} and [ ... more channels follow ... ]
      List.of("000", "query-rocker-of-dpa-flows", "'.'"),
      List.of("002", "query-rocker-of-dpa-flows", "'.'"),
      List.of("000", "query-spice", "'.'"),
      List.of("002", "query-spice", "'.'"),
      // trailing comma
      List.of("000", "query-balloon", "'}'"),
      List.of("002", "query-balloon", "'}'"),
      // missing commas
      List.of("000", "query-blockstats", "was expecting comma"),
      List.of("002", "query-blockstats", "was expecting comma"),
      List.of("000", "BLOCK_JOB_READY", "was expecting comma"),
      List.of("000", "MEM_UNPLUG_ERROR", "was expecting comma"),
      // missing closing brace
      List.of("000", "query-dump-guest-memory-capability", "end-of-input"),
      List.of("002", "query-dump-guest-memory-capability", "end-of-input"),
      // stray '
      List.of("000", "query-hotpluggable-cpus", "'''"),
      // , for :
      List.of("002", "query-migrate-parameters", "was expecting a colon"));

  @Test
  void readmeKnownBadExamplesArePresentWithAnError() {
    for (List<String> bad : README_KNOWN_BAD) {
      List<WireMessage> failing = corpus.messages().stream()
          .filter(m -> m.source().equals(bad.get(0)) && m.section().equals(bad.get(1)))
          .filter(m -> m.error() != null)
          .toList();
      assertEquals(1, failing.size(), "one failing message expected for " + bad);
      WireMessage m = failing.get(0);
      assertNull(m.json());
      assertTrue(m.error().contains(bad.get(2)), bad + ": " + m.error());
      assertTrue(m.error().matches(".* at line \\d+, column \\d+ \\(offset \\d+, seed line \\d+\\)"),
          m.error());
    }
  }

  @Test
  void failuresAreExactlyTheKnownOnes() {
    Set<String> expected = README_KNOWN_BAD.stream()
        .map(b -> b.get(0) + " " + b.get(1))
        .collect(Collectors.toCollection(TreeSet::new));
    // Not in the README: an extra "}" line after the closed event object (000 line 6357).
    expected.add("000 NIC_RX_FILTER_CHANGED");
    Set<String> actual = corpus.messages().stream()
        .filter(m -> m.error() != null)
        .map(m -> m.source() + " " + m.section())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, actual);
    assertEquals(15, corpus.messages().stream().filter(m -> m.error() != null).count());
  }

  @Test
  void brokenMessagesDoNotSwallowTheirNeighbours() {
    // query-hotpluggable-cpus in 000: three exchanges, the first reply has a stray quote.
    List<WireMessage> hp = corpus.messages().stream()
        .filter(m -> m.source().equals("000") && m.section().equals("query-hotpluggable-cpus"))
        .toList();
    assertEquals(6, hp.size());
    assertEquals(3, hp.stream().map(WireMessage::exchange).distinct().count());
    assertNotNull(hp.get(1).error());
    assertTrue(hp.get(1).text().endsWith("]}'"), hp.get(1).text());
    assertNull(hp.get(2).error());
    // The unclosed reply stops at the end of its block, before the next section's prose.
    WireMessage dump = corpus.messages().stream()
        .filter(m -> m.source().equals("002")
            && m.section().equals("query-dump-guest-memory-capability") && m.error() != null)
        .findFirst().orElseThrow();
    assertEquals("{ \"return\": { \"formats\":\n"
        + "                    [\"elf\", \"kdump-zlib\", \"kdump-lzo\", \"kdump-snappy\"] }",
        dump.text());
  }

  @Test
  void sectionsAreCommandAndEventNames() {
    for (WireMessage m : corpus.messages()) {
      assertTrue(m.section().matches("[A-Za-z][A-Za-z0-9_-]*"), m.section());
      assertFalse(m.section().endsWith("-"), m.section());
    }
    Set<String> hx = corpus.messages().stream()
        .filter(m -> m.source().equals("002")).map(WireMessage::section)
        .collect(Collectors.toSet());
    // Prose or un-underlined SQMP titles take the dispatch-table name.
    assertTrue(hx.contains("query-rocker"));
    assertTrue(hx.contains("dump-guest-memory"));
    assertTrue(hx.contains("query-memory-devices")); // title "@query-memory-devices"
    assertTrue(corpus.messages().stream()
        .anyMatch(m -> m.section().equals("x-blockdev-remove-medium")));
  }
}
