package dev.qmpsdk.core.codec;

import java.math.BigInteger;

/**
 * The QAPI integer types and the range each allows. {@code uint64} and {@code size} are carried in a Java
 * {@code long} with unsigned meaning (the same bits, as protobuf does): values from 2^63 to 2^64-1 are
 * negative {@code long}s; use {@link Long#toUnsignedString(long)} and {@link Long#compareUnsigned} on them.
 */
public enum IntKind {
    INT("int", Long.MIN_VALUE, Long.MAX_VALUE),
    INT8("int8", Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16("int16", Short.MIN_VALUE, Short.MAX_VALUE),
    INT32("int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64("int64", Long.MIN_VALUE, Long.MAX_VALUE),
    UINT8("uint8", 0, 0xFF),
    UINT16("uint16", 0, 0xFFFF),
    UINT32("uint32", 0, 0xFFFF_FFFFL),
    UINT64("uint64", 0, -1),
    SIZE("size", 0, -1);

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String qapiName;
    private final long min;
    private final long max;

    IntKind(String qapiName, long min, long max) {
        this.qapiName = qapiName;
        this.min = min;
        this.max = max;
    }

    public String qapiName() {
        return qapiName;
    }

    /** True for {@code uint64} and {@code size}, whose Java {@code long} is read as unsigned. */
    public boolean isUnsigned64() {
        return this == UINT64 || this == SIZE;
    }

    /** True when the Java value is allowed (every {@code long} is a valid unsigned 64-bit value). */
    public boolean accepts(long value) {
        return isUnsigned64() || (value >= min && value <= max);
    }

    /** True when the wire value is allowed. */
    public boolean accepts(BigInteger value) {
        if (isUnsigned64()) {
            return value.signum() >= 0 && value.compareTo(UINT64_MAX) <= 0;
        }
        return value.bitLength() < 64 && accepts(value.longValue());
    }

    /** The range as people read it, e.g. {@code 0..255}. */
    public String range() {
        return isUnsigned64() ? "0.." + UINT64_MAX : min + ".." + max;
    }

    /**
     * Checks a value given to a builder.
     *
     * @param where the member, as {@code Type.member}
     * @throws IllegalArgumentException naming the member, the value and the range
     */
    public long check(long value, String where) {
        if (!accepts(value)) {
            throw new IllegalArgumentException(where + ": " + value + " is out of range for " + qapiName + " (" + range() + ")");
        }
        return value;
    }

    /** {@link #check(long, String)} for the types carried in an {@code int}. */
    public int check(int value, String where) {
        return (int) check((long) value, where);
    }
}
