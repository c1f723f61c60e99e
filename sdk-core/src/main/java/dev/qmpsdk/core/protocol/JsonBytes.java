package dev.qmpsdk.core.protocol;

/** JSON white space in raw bytes, for the byte-level scanners of this package (framing, reply ids, event layout). */
final class JsonBytes {
    private JsonBytes() {}

    static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** The first index from {@code i} on (before {@code end}) that is not white space, or {@code end}. */
    static int skipSpace(byte[] b, int i, int end) {
        while (i < end && isSpace(b[i])) {
            i++;
        }
        return i;
    }

    /** The last index from {@code i} down (not below {@code start}) that is not white space, or {@code start - 1}. */
    static int skipSpaceBack(byte[] b, int start, int i) {
        while (i >= start && isSpace(b[i])) {
            i--;
        }
        return i;
    }
}
