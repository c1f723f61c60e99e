package dev.qmpsdk.schema.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the example blocks of the rendered man page {@code qemu-qmp-ref(7)} (seed 000).
 *
 * <p>The page is laid out by the man renderer: body text at 7 columns, definition headings
 * {@code name  (Command) first words of the doc} or {@code Name (Enum)} at 7 columns, subsection
 * titles at 3, example code at 15. Lines were reflowed at about 90 columns, so a long name may be
 * split after a hyphen ({@code x-blockdev-} / {@code remove-medium  (Command) ...}); such a name is
 * joined again. An example block starts after an {@code Example:} / {@code Examples:} line at the
 * body indentation and runs as long as lines are blank or indented deeper than the body.
 */
public final class ManPageReader {

  /** Indentation of body text and definition headings. */
  static final int BODY_INDENT = 7;

  private static final Pattern HEADING =
      Pattern.compile("^ {7}(\\S+) {1,2}\\((Command|Event|Enum|Object|Alternate)\\)(?:\\s.*)?$");
  private static final Pattern NAME_FRAGMENT = Pattern.compile("^ {7}([A-Za-z0-9_.-]*-)\\s*$");
  private static final Pattern EXAMPLE_HEADING =
      Pattern.compile("^ {7}Examples?(?: \\(\\d+\\))?:\\s*$");

  private final List<String> warnings = new ArrayList<>();

  /** Lines with a {@code ->} or {@code <-} marker that are not inside an example block. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** The physical lines of the page, numbered from 1. */
  public static List<SeedLine> lines(List<String> physical) {
    List<SeedLine> out = new ArrayList<>(physical.size());
    for (int i = 0; i < physical.size(); i++) {
      out.add(new SeedLine(i + 1, physical.get(i)));
    }
    return out;
  }

  /**
   * The name of the definition heading on {@code lines.get(i)}, joined with a name fragment on
   * the line before if the reflow split it, or null if the line is no definition heading.
   */
  static @Nullable Heading heading(List<SeedLine> lines, int i) {
    Matcher m = HEADING.matcher(lines.get(i).text());
    if (!m.matches()) {
      return null;
    }
    String name = m.group(1);
    if (i > 0) {
      Matcher frag = NAME_FRAGMENT.matcher(lines.get(i - 1).text());
      if (frag.matches()) {
        name = frag.group(1) + name;
      }
    }
    return new Heading(name, m.group(2));
  }

  record Heading(String name, String kind) {
    boolean documentsWireExamples() {
      return kind.equals("Command") || kind.equals("Event");
    }
  }

  /** The example blocks of Command and Event definitions, in page order. */
  public List<ExampleBlock> blocks(List<SeedLine> lines) {
    List<ExampleBlock> blocks = new ArrayList<>();
    String section = null;
    String kind = null;
    int i = 0;
    while (i < lines.size()) {
      SeedLine line = lines.get(i);
      if (!line.isBlank() && line.indent() < BODY_INDENT) {
        section = null; // page or subsection title
        kind = null;
      }
      Heading h = heading(lines, i);
      if (h != null) {
        section = h.documentsWireExamples() ? h.name() : null;
        kind = h.documentsWireExamples() ? h.kind().toLowerCase(java.util.Locale.ROOT) : null;
        i++;
        continue;
      }
      if (EXAMPLE_HEADING.matcher(line.text()).matches()) {
        int start = i + 1;
        int end = start;
        while (end < lines.size()
            && (lines.get(end).isBlank() || lines.get(end).indent() > BODY_INDENT)) {
          end++;
        }
        List<SeedLine> body = lines.subList(start, end);
        if (section == null) {
          for (SeedLine l : body) {
            if (MessageSplitter.markerOf(l.text().stripLeading()) != null) {
              warnings.add("line " + l.number() + ": example outside a Command/Event section,"
                  + " not a wire example: " + l.text().strip());
            }
          }
        } else {
          blocks.add(new ExampleBlock(section, kind, minIndent(body), body));
        }
        i = end;
        continue;
      }
      if (MessageSplitter.markerOf(line.text().stripLeading()) != null) {
        warnings.add("line " + line.number() + ": marker outside an example block: "
            + line.text().strip());
      }
      i++;
    }
    return blocks;
  }

  static int minIndent(List<SeedLine> body) {
    int min = Integer.MAX_VALUE;
    for (SeedLine l : body) {
      if (!l.isBlank()) {
        min = Math.min(min, l.indent());
      }
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }
}
