package dev.qmpsdk.schema.parse;

import java.util.ArrayList;
import java.util.List;

/** Turns collected doc lines into one text: outer blank lines dropped, common indentation removed. */
final class TextBlock {
    private TextBlock() {}

    static String of(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        List<String> kept = new ArrayList<>(lines.subList(from, to));
        // A first line that starts flush left often followed a tag on the same line ("Returns: foo"), so
        // it does not count towards the indentation of the rest.
        boolean firstIndented = !kept.isEmpty() && Character.isWhitespace(kept.get(0).charAt(0));
        int indent = Integer.MAX_VALUE;
        for (int i = firstIndented ? 0 : 1; i < kept.size(); i++) {
            String line = kept.get(i);
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < kept.size(); i++) {
            String line = kept.get(i);
            if (i > 0) {
                out.append('\n');
            }
            if (i > 0 || firstIndented) {
                line = line.isBlank() ? "" : line.substring(Math.min(indent, line.length()));
            }
            out.append(line.stripTrailing());
        }
        return out.toString();
    }
}
