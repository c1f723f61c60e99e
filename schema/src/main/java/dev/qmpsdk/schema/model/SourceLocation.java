package dev.qmpsdk.schema.model;

/**
 * A position in a QAPI source file, 1-based, printed as {@code file:line:column} so that editors and
 * terminals can jump to it.
 *
 * @param file the file as the user named it (or as an include resolved it)
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
