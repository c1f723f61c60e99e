package dev.qmpsdk.schema.examples;

/**
 * One line of a seed document after the page furniture was removed.
 *
 * @param number the line number a reader should use to find the line: the physical line number
 *     (1-based) for the man page, the number in the line-number gutter for the {@code .hx} file
 * @param text the line's text, without the gutter (the man page's indentation is kept here; it
 *     is removed per example block)
 */
public record SeedLine(int number, String text) {

  /** Number of leading spaces. */
  public int indent() {
    int i = 0;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** True when the line is empty or only white space. */
  public boolean isBlank() {
    return text.isBlank();
  }
}
