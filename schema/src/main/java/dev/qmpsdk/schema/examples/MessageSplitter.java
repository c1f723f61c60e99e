package dev.qmpsdk.schema.examples;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the messages out of an example block.
 *
 * <p>A message starts at a line whose text (after the page indentation) begins with a {@code ->}
 * or {@code <-} marker. Its extent is found by counting the nesting depth of {@code {}} and
 * {@code []} outside of JSON strings (escapes understood): the message ends on the line where
 * the depth returns to zero, and the rest of that line belongs to the message too (so trailing
 * junk such as a stray quote is kept and reported by the parser, not dropped). A message that is
 * never closed is bounded by the next marker line or the end of the block; in addition it stops
 * before a blank line that is followed by prose (a line at the page indentation starting with a
 * word or with list numbering), and trailing blank lines are not part of it. Nothing is repaired.
 */
public final class MessageSplitter {

  private MessageSplitter() {}

  /** A message's position and text, before parsing. */
  public record RawMessage(int line, String direction, String text, boolean closed) {}

  /** The result of splitting one block. */
  public record Split(List<RawMessage> messages, List<String> warnings) {}

  /** The marker at the start of {@code s}, or null. */
  static @Nullable String markerOf(String s) {
    if (s.length() < 2) {
      return null;
    }
    String m = s.substring(0, 2);
    if (!m.equals("->") && !m.equals("<-")) {
      return null;
    }
    if (s.length() == 2) {
      return m;
    }
    char next = s.charAt(2);
    return next == ' ' || next == '{' || next == '[' ? m : null;
  }

  /** The line's text with up to {@code indent} leading spaces removed. */
  static String dedent(String text, int indent) {
    int i = 0;
    while (i < indent && i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return text.substring(i);
  }

  public static Split split(ExampleBlock block) {
    List<SeedLine> lines = block.lines();
    int indent = block.pageIndent();
    List<RawMessage> messages = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String rel = dedent(lines.get(i).text(), indent);
      String marker = markerOf(rel);
      if (marker == null) {
        String s = rel.strip();
        if (!s.isEmpty() && "{}[]\",:".indexOf(s.charAt(0)) >= 0) {
          warnings.add("line " + lines.get(i).number() + " (" + block.section()
              + "): JSON-like line outside any message: " + s);
        }
        i++;
        continue;
      }
      int next = scan(lines, i, indent, marker, messages);
      i = next;
    }
    return new Split(messages, warnings);
  }

  /** Scans the message starting at line {@code start}; returns the index of the line after it. */
  private static int scan(
      List<SeedLine> lines, int start, int indent, String marker, List<RawMessage> out) {
    String first = dedent(lines.get(start).text(), indent).substring(2);
    first = first.stripLeading();
    Depth depth = new Depth();
    List<String> parts = new ArrayList<>();
    parts.add(first);
    if (depth.feed(first)) {
      int after = trailing(lines, start + 1, indent, parts);
      out.add(new RawMessage(
          lines.get(start).number(), marker, String.join("\n", parts), true));
      return after;
    }
    int j = start + 1;
    while (j < lines.size()) {
      String rel = dedent(lines.get(j).text(), indent);
      if (markerOf(rel) != null) {
        break;
      }
      if (!depth.inString && lines.get(j).isBlank() && followedByProse(lines, j, indent)) {
        break;
      }
      parts.add(rel);
      j++;
      if (depth.feed(rel)) {
        j = trailing(lines, j, indent, parts);
        out.add(new RawMessage(lines.get(start).number(), marker, String.join("\n", parts), true));
        return j;
      }
    }
    // Never closed: drop trailing blank lines, they separate rather than belong.
    int keep = parts.size();
    while (keep > 1 && parts.get(keep - 1).isBlank()) {
      keep--;
    }
    String text = String.join("\n", parts.subList(0, keep));
    out.add(new RawMessage(lines.get(start).number(), marker, text, false));
    return start + keep;
  }

  /**
   * Lines that directly follow a closed message (no blank line between), are indented deeper than
   * the page and carry no marker continue the message's text: they are what the author wrote
   * after the value (a stray <code>&#125;</code>, say) and must be reported, not dropped. Returns the index
   * of the first line not taken.
   */
  private static int trailing(List<SeedLine> lines, int j, int indent, List<String> parts) {
    while (j < lines.size()) {
      SeedLine l = lines.get(j);
      String rel = dedent(l.text(), indent);
      if (l.isBlank() || l.indent() <= indent || markerOf(rel) != null) {
        break;
      }
      parts.add(rel);
      j++;
    }
    return j;
  }

  /** Whether the first non-blank line after {@code blank} is prose at the page indentation. */
  private static boolean followedByProse(List<SeedLine> lines, int blank, int indent) {
    int k = blank + 1;
    while (k < lines.size() && lines.get(k).isBlank()) {
      k++;
    }
    if (k >= lines.size()) {
      return false;
    }
    SeedLine l = lines.get(k);
    if (l.indent() > indent) {
      return false;
    }
    return PROSE.matcher(l.text().strip()).lookingAt();
  }

  /**
   * The start of a prose line: a word that is not a JSON literal, or list numbering such as
   * {@code 2. } or {@code (1)}.
   */
  private static final java.util.regex.Pattern PROSE = java.util.regex.Pattern.compile(
      "(?!(?:true|false|null)\\b)[A-Za-z]|\\d+[.)](?:\\s|$)|\\(\\d+\\)");

  /** Nesting depth of JSON brackets, outside of strings; state carries over between lines. */
  static final class Depth {
    int depth;
    boolean opened;
    boolean inString;
    boolean escape;

    /**
     * Feeds one line; returns true when the value is complete on it: the depth returned to zero
     * (or below), or the value is not a bracketed one (a bare word, a scalar, or nothing at all).
     */
    boolean feed(String s) {
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (inString) {
          if (escape) {
            escape = false;
          } else if (c == '\\') {
            escape = true;
          } else if (c == '"') {
            inString = false;
          }
          continue;
        }
        if (!opened) {
          if (c == ' ') {
            continue;
          }
          if (c != '{' && c != '[') {
            return true; // not an object or array: the message is this line
          }
          opened = true;
        }
        switch (c) {
          case '"' -> inString = true;
          case '{', '[' -> depth++;
          case '}', ']' -> {
            depth--;
            if (depth <= 0) {
              return true;
            }
          }
          default -> { }
        }
      }
      if (!opened) {
        return true; // nothing after the marker
      }
      // A JSON string cannot span lines, but the scan keeps the state: the text is recorded as
      // it is and the parser reports the control character.
      escape = false;
      return false;
    }
  }
}
