package dev.qmpsdk.core.codec;

/**
 * A value of a generated QAPI enum. Generated enums are classes with one constant per schema value,
 * not Java enums, so that a value a newer server sends is kept (with {@link #isKnown()} false) and
 * re-encoded unchanged instead of failing the whole message.
 *
 * <pre>{@code
 * RunState s = info.status();
 * if (s.equals(RunState.RUNNING)) { ... }
 * switch (s.known()) { case PAUSED -> ...; case UNKNOWN_TO_SDK_VERSION -> log(s.wireName()); default -> {} }
 * }</pre>
 */
public interface QapiEnum extends QapiValue {
    /** The value exactly as it appears on the wire. */
    String wireName();

    /** False for a value that the compiled schema does not define. */
    boolean isKnown();
}
