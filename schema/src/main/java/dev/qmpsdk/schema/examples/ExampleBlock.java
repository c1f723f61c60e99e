package dev.qmpsdk.schema.examples;

import java.util.List;

/**
 * The lines of one {@code Example:} block of a seed, with the command or event it documents.
 *
 * @param section the command or event name (de-hyphenated)
 * @param kind {@code "command"} or {@code "event"}
 * @param pageIndent the page indentation of the block, removed from every line of a message
 * @param lines the block's lines, from the first line after the {@code Example:} heading up to
 *     (excluding) the first line that is no longer part of the block
 */
public record ExampleBlock(String section, String kind, int pageIndent, List<SeedLine> lines) {

  public ExampleBlock {
    lines = List.copyOf(lines);
  }
}
