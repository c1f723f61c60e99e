package dev.qmpsdk.schema.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the example blocks of {@code qmp-commands.hx} (seed 002).
 *
 * <p>The saved page starts with a few header lines, then every line of the file carries its line
 * number in a 4-column, right-aligned gutter glued to the text: {@code " 1301. Change"} is line
 * 130 with text {@code "1. Change"}. Since the text may itself start with digits, the gutter is
 * not read as "the leading digits" but checked against the expected number: the numbers run 1, 2,
 * 3... without gaps.
 *
 * <p>Documentation sits between {@code SQMP} and {@code EQMP} lines; its first non-blank line is
 * the title, normally the command name underlined with dashes (a leading {@code @} is dropped).
 * Where the title is prose ({@code Show rocker switch}) or not underlined ({@code dump}), the
 * command name is taken from the {@code .name = "..."} of the dispatch-table entry just before the
 * {@code SQMP}. An example block starts after an {@code Example:} / {@code Examples:} /
 * {@code Example (n):} line and ends at the next such line or at {@code EQMP}.
 */
public final class HxReader {

  static final int GUTTER = 4;

  private static final Pattern IDENTIFIER = Pattern.compile("@?([A-Za-z][A-Za-z0-9_-]*)");
  private static final Pattern UNDERLINE = Pattern.compile("-+\\s*");
  private static final Pattern TABLE_NAME = Pattern.compile("\\.name\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern EXAMPLE_HEADING = Pattern.compile("Examples?(?: \\(\\d+\\))?:.*");

  private final List<String> warnings = new ArrayList<>();

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * Strips the line-number gutter. Lines before line 1 (the page header) are dropped.
   *
   * @throws IllegalArgumentException if the numbering is broken
   */
  public static List<SeedLine> stripGutter(List<String> physical) {
    List<SeedLine> out = new ArrayList<>(physical.size());
    int expected = 1;
    for (int i = 0; i < physical.size(); i++) {
      String raw = physical.get(i);
      String text = afterGutter(raw, expected);
      if (text == null) {
        if (expected == 1) {
          continue; // page header before the first numbered line
        }
        if (i == physical.size() - 1 && raw.isEmpty()) {
          break;
        }
        throw new IllegalArgumentException(
            "physical line " + (i + 1) + ": expected gutter number " + expected + ": " + raw);
      }
      out.add(new SeedLine(expected, text));
      expected++;
    }
    return out;
  }

  /** The text after the gutter holding {@code number}, or null if the line has no such gutter. */
  static @Nullable String afterGutter(String raw, int number) {
    String digits = Integer.toString(number);
    int pad = Math.max(0, GUTTER - digits.length());
    int spaces = 0;
    while (spaces < raw.length() && spaces < pad && raw.charAt(spaces) == ' ') {
      spaces++;
    }
    // The number is right-aligned in the gutter; tolerate a missing left padding.
    if (raw.startsWith(digits, spaces)) {
      return raw.substring(spaces + digits.length());
    }
    return null;
  }

  /** The example blocks of the SQMP sections, in file order. */
  public List<ExampleBlock> blocks(List<SeedLine> lines) {
    List<ExampleBlock> blocks = new ArrayList<>();
    String tableName = null;
    String section = null;
    boolean inDoc = false;
    int i = 0;
    while (i < lines.size()) {
      String text = lines.get(i).text();
      String trimmed = text.strip();
      if (!inDoc) {
        Matcher tn = TABLE_NAME.matcher(text);
        if (tn.find()) {
          tableName = tn.group(1);
        }
        if (trimmed.equals("SQMP")) {
          inDoc = true;
          section = sectionName(lines, i + 1, tableName);
          tableName = null;
        }
        i++;
        continue;
      }
      if (trimmed.equals("EQMP")) {
        inDoc = false;
        section = null;
        i++;
        continue;
      }
      if (EXAMPLE_HEADING.matcher(text).matches()) {
        int start = i + 1;
        int end = start;
        while (end < lines.size()
            && !lines.get(end).text().strip().equals("EQMP")
            && !EXAMPLE_HEADING.matcher(lines.get(end).text()).matches()) {
          end++;
        }
        List<SeedLine> body = lines.subList(start, end);
        if (section == null) {
          warn(body, "example in an SQMP section without a command name");
        } else {
          blocks.add(new ExampleBlock(section, "command", 0, body));
        }
        i = end;
        continue;
      }
      if (MessageSplitter.markerOf(text) != null) {
        warnings.add("line " + lines.get(i).number() + ": marker outside an example block: "
            + trimmed);
      }
      i++;
    }
    return blocks;
  }

  private void warn(List<SeedLine> body, String why) {
    for (SeedLine l : body) {
      if (MessageSplitter.markerOf(l.text()) != null) {
        warnings.add("line " + l.number() + ": " + why + ": " + l.text().strip());
      }
    }
  }

  /** The command an SQMP section documents; {@code from} is the line after {@code SQMP}. */
  static String sectionName(List<SeedLine> lines, int from, String tableName) {
    int t = from;
    while (t < lines.size() && lines.get(t).isBlank()) {
      t++;
    }
    if (t >= lines.size()) {
      return tableName;
    }
    String title = lines.get(t).text().strip();
    Matcher id = IDENTIFIER.matcher(title);
    boolean underlined =
        t + 1 < lines.size() && UNDERLINE.matcher(lines.get(t + 1).text()).matches();
    if (id.matches() && underlined) {
      return id.group(1);
    }
    if (tableName != null) {
      return tableName;
    }
    return id.matches() ? id.group(1) : null;
  }
}
