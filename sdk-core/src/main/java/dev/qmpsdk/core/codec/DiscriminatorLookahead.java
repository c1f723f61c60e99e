package dev.qmpsdk.core.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Finds a union's discriminator further on in the raw bytes of the object being read, so that a union reader
 * that meets a member of some branch before the discriminator can pick the branch at once instead of
 * buffering that member. QEMU writes members in hash order: in {@code query-qmp-schema} the discriminator
 * {@code meta-type} comes after {@code members} in most entries, and skipping bytes is several times
 * cheaper than tokenizing them into a buffer and replaying it.
 *
 * <p>The scan only has to be right when it answers: anything unusual (an escape in a member name or in the
 * value, a value that is not a string, the end of the bytes, malformed JSON) gives {@code null} and the
 * reader falls back to buffering, where the parser reports what is wrong. The reader also checks the
 * discriminator when the parser reaches it, so a wrong answer could not go unnoticed.
 */
final class DiscriminatorLookahead {
    private DiscriminatorLookahead() {}

    /**
     * @param b the bytes the parser reads
     * @param valueStart index of the first byte of a member value of the object being read
     * @param end index after the last byte that may be read
     * @param discriminator the member name to find (ASCII, like every QAPI name)
     * @return the discriminator's string value among the members after this one, or null (see the class)
     */
    static @Nullable String find(byte[] b, int valueStart, int end, String discriminator) {
        int i = skipValue(b, valueStart, end);
        while (i >= 0) {
            i = skipWhitespace(b, i, end);
            if (i >= end || b[i] != ',') {
                return null; // '}': the object ends without it (or the JSON is malformed)
            }
            i = skipWhitespace(b, i + 1, end);
            if (i >= end || b[i] != '"') {
                return null;
            }
            int nameEnd = stringEnd(b, i + 1, end);
            if (nameEnd < 0) {
                return null;
            }
            boolean match = isAscii(b, i + 1, nameEnd - 1, discriminator);
            i = skipWhitespace(b, nameEnd, end);
            if (i >= end || b[i] != ':') {
                return null;
            }
            i = skipWhitespace(b, i + 1, end);
            if (match) {
                return plainString(b, i, end);
            }
            i = skipValue(b, i, end);
        }
        return null;
    }

    /** The index after the value starting at {@code i}, or -1. */
    private static int skipValue(byte[] b, int i, int end) {
        if (i >= end) {
            return -1;
        }
        byte c = b[i];
        if (c == '"') {
            return stringEnd(b, i + 1, end);
        }
        if (c == '{' || c == '[') {
            return containerEnd(b, i + 1, end);
        }
        // A number, true, false or null: up to the next delimiter.
        while (i < end) {
            c = b[i];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long CASE_BIT = 0x2020202020202020L; // '[' | 0x20 == '{', ']' | 0x20 == '}', and only those

    /**
     * The index after the '}' or ']' closing a container whose opening bracket is just before {@code i}, or -1.
     * Eight bytes at a time (a member list is most of what is skipped): per word, one bit per byte for quotes
     * and brackets, a prefix XOR of the quote bits to tell which bytes are inside strings; single bytes only near
     * a backslash and at the end, and a walk of the brackets only in a word that may hold the closing one.
     */
    private static int containerEnd(byte[] b, int i, int end) {
        int depth = 1;
        boolean inString = false;
        while (i < end) {
            if (i + Long.BYTES <= end) {
                long w = (long) LONGS.get(b, i);
                if (lanesEqual(w, '\\') == 0) {
                    long quotes = lanesEqual(w, '"');
                    long folded = w | CASE_BIT;
                    long inStrings = prefixXor(quotes) ^ (inString ? 0x8080808080808080L : 0);
                    long opens = lanesEqual(folded, '{') & ~inStrings;
                    long closes = lanesEqual(folded, '}') & ~inStrings;
                    int closeCount = Long.bitCount(closes);
                    if (closeCount < depth) {
                        depth += Long.bitCount(opens) - closeCount;
                    } else {
                        // The closing bracket may be in this word: follow the brackets in order.
                        for (int lane = 0; lane < Long.BYTES; lane++) {
                            long bit = 0x80L << (lane * 8);
                            if ((opens & bit) != 0) {
                                depth++;
                            } else if ((closes & bit) != 0 && --depth == 0) {
                                return i + lane + 1;
                            }
                        }
                    }
                    inString ^= (Long.bitCount(quotes) & 1) != 0;
                    i += Long.BYTES;
                    continue;
                }
            }
            // An escape (which may hide a quote) in the next eight bytes, or the last few bytes: one byte at a time.
            byte c = b[i++];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** 0x80 in each byte of {@code w} equal to {@code c}, 0 in the others (exact: no carries between bytes). */
    private static long lanesEqual(long w, char c) {
        long x = w ^ (c * ONES);
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** Each byte's high bit XOR-ed with those of all bytes before it (lower addresses): "inside a string" after quotes. */
    private static long prefixXor(long lanes) {
        lanes ^= lanes << 8;
        lanes ^= lanes << 16;
        lanes ^= lanes << 32;
        return lanes;
    }

    /** The index after the closing quote of a string whose content starts at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i++];
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                i++;
            }
        }
        return -1;
    }

    /** The string starting at {@code i} when it has no escapes, else null. */
    private static @Nullable String plainString(byte[] b, int i, int end) {
        if (i >= end || b[i] != '"') {
            return null;
        }
        for (int j = i + 1; j < end; j++) {
            byte c = b[j];
            if (c == '"') {
                return new String(b, i + 1, j - i - 1, StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                return null;
            }
        }
        return null;
    }

    /** Whether bytes [from, to) are exactly {@code name} (a name with an escape never matches: the caller falls back). */
    private static boolean isAscii(byte[] b, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (b[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int skipWhitespace(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }
}
