package dev.qmpsdk.schema.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extracts the QMP wire examples of the seed documents 000 (man page {@code qemu-qmp-ref(7)},
 * QEMU 2.11) and 002 ({@code qmp-commands.hx}, QEMU 2.4) into a conformance corpus.
 *
 * <p>Usage: {@code WireExampleExtractor --manpage <000> --hx <002> --out <file>}. The corpus is a
 * pretty-printed JSON array with one object per message, in seed order; the messages of one
 * exchange (a request with its reply and any events in between, or a run of events) share an
 * {@code exchange} number. A new exchange starts with each example block and with each
 * {@code ->} message. Messages that are not strict JSON keep {@code json: null} and an
 * {@code error}; nothing is repaired. A summary goes to stderr.
 */
public final class WireExampleExtractor {

  public static final String MANPAGE = "000";
  public static final String HX = "002";

  /** All messages and the warnings met on the way. */
  public record Corpus(List<WireMessage> messages, List<String> warnings) {}

  private WireExampleExtractor() {}

  public static void main(String[] args) throws IOException {
    Path manpage = null;
    Path hx = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        usage("missing value for " + a);
      }
      switch (a) {
        case "--manpage" -> manpage = Path.of(args[++i]);
        case "--hx" -> hx = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> usage("unknown argument " + a);
      }
    }
    if (manpage == null || hx == null || out == null) {
      usage("--manpage, --hx and --out are required");
    }
    Corpus corpus = extract(manpage, hx);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, toJson(corpus.messages()), StandardCharsets.UTF_8);
    report(corpus, System.err);
    System.err.println("wrote " + corpus.messages().size() + " messages to " + out);
  }

  private static void usage(String why) {
    System.err.println("WireExampleExtractor: " + why);
    System.err.println("usage: WireExampleExtractor --manpage <000 seed> --hx <002 seed> --out <file>");
    System.exit(2);
  }

  /** Reads both seeds and extracts their messages (000 first, then 002). */
  public static Corpus extract(Path manpage, Path hx) {
    List<String> manLines = read(manpage);
    List<String> hxLines = read(hx);
    List<WireMessage> messages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    ManPageReader man = new ManPageReader();
    List<ExampleBlock> manBlocks = man.blocks(ManPageReader.lines(manLines));
    man.warnings().forEach(w -> warnings.add(MANPAGE + " " + w));
    messages.addAll(messages(MANPAGE, manBlocks, warnings));

    HxReader hxReader = new HxReader();
    List<ExampleBlock> hxBlocks = hxReader.blocks(HxReader.stripGutter(hxLines));
    hxReader.warnings().forEach(w -> warnings.add(HX + " " + w));
    messages.addAll(messages(HX, hxBlocks, warnings));
    return new Corpus(List.copyOf(messages), List.copyOf(warnings));
  }

  /** The messages of one source's blocks, with exchanges numbered from 1. */
  public static List<WireMessage> messages(
      String source, List<ExampleBlock> blocks, List<String> warnings) {
    List<WireMessage> out = new ArrayList<>();
    int exchange = 0;
    for (ExampleBlock block : blocks) {
      MessageSplitter.Split split = MessageSplitter.split(block);
      split.warnings().forEach(w -> warnings.add(source + " " + w));
      boolean newBlock = true;
      boolean exchangeHasMessages = false;
      for (MessageSplitter.RawMessage m : split.messages()) {
        if (newBlock || (m.direction().equals("->") && exchangeHasMessages)) {
          exchange++;
          newBlock = false;
        }
        exchangeHasMessages = true;
        StrictJson.Result r = StrictJson.parse(m.text(), m.line());
        out.add(new WireMessage(source, m.line(), block.section(), block.kind(), exchange,
            m.direction(), m.text(), r.value(), r.error()));
      }
    }
    return out;
  }

  private static List<String> read(Path p) {
    try {
      String s = Files.readString(p, StandardCharsets.UTF_8);
      return List.of(s.split("\n", -1)).stream().map(l -> l.endsWith("\r")
          ? l.substring(0, l.length() - 1) : l).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed " + p.toAbsolutePath(), e);
    }
  }

  /** The corpus file's content: pretty JSON, {@code \n} line ends, final newline. */
  public static String toJson(List<WireMessage> messages) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode array = f.arrayNode();
    for (WireMessage m : messages) {
      ObjectNode o = array.addObject();
      o.put("source", m.source());
      o.put("line", m.line());
      o.put("section", m.section());
      o.put("kind", m.kind());
      o.put("exchange", m.exchange());
      o.put("direction", m.direction());
      o.put("text", m.text());
      o.set("json", m.json() == null ? f.nullNode() : m.json());
      if (m.error() == null) {
        o.putNull("error");
      } else {
        o.put("error", m.error());
      }
    }
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
    try {
      return StrictJson.mapper().writer(pp).writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes counts, failures and warnings. */
  public static void report(Corpus corpus, PrintStream err) {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, java.util.Set<Integer>> exchanges = new TreeMap<>();
    for (WireMessage m : corpus.messages()) {
      int[] c = counts.computeIfAbsent(m.source() + " " + m.direction(), k -> new int[2]);
      c[m.parses() ? 0 : 1]++;
      exchanges.computeIfAbsent(m.source(), k -> new java.util.TreeSet<>()).add(m.exchange());
    }
    err.println("wire examples: source direction: messages (parsed / failed)");
    counts.forEach((k, c) -> err.printf("  %s: %d (%d / %d)%n", k, c[0] + c[1], c[0], c[1]));
    exchanges.forEach((k, s) -> err.printf("  %s exchanges: %d%n", k, s.size()));
    long failed = corpus.messages().stream().filter(m -> !m.parses()).count();
    err.println("failures: " + failed);
    for (WireMessage m : corpus.messages()) {
      if (!m.parses()) {
        err.printf("  %s line %d %s %s: %s%n",
            m.source(), m.line(), m.section(), m.direction(), m.error());
      }
    }
    err.println("warnings: " + corpus.warnings().size());
    corpus.warnings().forEach(w -> err.println("  " + w));
  }
}
