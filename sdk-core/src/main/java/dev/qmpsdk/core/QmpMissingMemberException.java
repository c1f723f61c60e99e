package dev.qmpsdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A decoded value's member that the server did not send as the compiled schema describes, read through its
 * accessor. Tolerant decoding (the default) delivers a reply whose required member is absent (a newer QEMU
 * removed it) or whose object-typed member arrived as another kind of JSON value (a newer QEMU widened its
 * type); the value then answers {@code false} to the member's {@code hasX()} and its accessor throws this,
 * rather than return a default that would look like a real value:
 *
 * <pre>{@code
 * BlockDeviceInfo node = client.queryNamedBlockNodes().block().get(0);
 * if (node.hasEncryptionKeyMissing()) {        // QEMU 2.11 sends it; 7.2 does not
 *     use(node.encryptionKeyMissing());
 * }
 * try {
 *     node.encryptionKeyMissing();
 * } catch (QmpMissingMemberException e) {
 *     log.info("{} has no {}", e.typeName(), e.memberName());
 * }
 * }</pre>
 */
public class QmpMissingMemberException extends QmpException {
    private static final long serialVersionUID = 1L;

    private final String typeName;
    private final String memberName;
    private final transient @Nullable JsonNode received;

    /**
     * @param typeName the QAPI type ({@code BlockDeviceInfo})
     * @param memberName the member's wire name ({@code encryption_key_missing})
     * @param received what arrived instead of a value of the member's type, or null when nothing did
     * @param presenceCheck the Java method that tells whether the member arrived ({@code hasEncryptionKeyMissing}),
     *     for the message; null when the member has none (an optional member)
     */
    public QmpMissingMemberException(String typeName, String memberName, @Nullable JsonNode received, @Nullable String presenceCheck) {
        super(describe(typeName, memberName, received, presenceCheck));
        this.typeName = typeName;
        this.memberName = memberName;
        this.received = received == null ? null : received.deepCopy();
    }

    private static String describe(String typeName, String memberName, @Nullable JsonNode received, @Nullable String presenceCheck) {
        String check = presenceCheck == null ? "" : "; check " + presenceCheck + "() before reading it";
        if (received == null) {
            return "member '" + memberName + "' of " + typeName + " was not sent by the server, although the compiled schema"
                    + " requires it (a newer QEMU removed it)" + check;
        }
        return "member '" + memberName + "' of " + typeName + " was sent as " + describe(received)
                + ", not as the object the compiled schema gives it (a newer QEMU changed its type); the value is kept"
                + " as sent and re-encoded unchanged" + check;
    }

    /** The kind of JSON value and a short rendering of it, for messages: {@code a string "x"}, {@code an array [1,2]}. */
    public static String describe(JsonNode value) {
        String text = value.toString();
        String shown = text.length() <= 60 ? text : text.substring(0, 57) + "...";
        return switch (value.getNodeType()) {
            case OBJECT -> "an object " + shown;
            case ARRAY -> "an array " + shown;
            case STRING -> "a string " + shown;
            case NUMBER -> "the number " + shown;
            case BOOLEAN -> "the boolean " + shown;
            case NULL -> "null";
            default -> shown;
        };
    }

    /** The QAPI type whose member is missing ({@code BlockDeviceInfo}). */
    public String typeName() {
        return typeName;
    }

    /** The member's wire name ({@code encryption_key_missing}). */
    public String memberName() {
        return memberName;
    }

    /** What the server sent instead of a value of the member's type (a copy), or null when it sent nothing. */
    public @Nullable JsonNode received() {
        return received == null ? null : received.deepCopy();
    }
}
