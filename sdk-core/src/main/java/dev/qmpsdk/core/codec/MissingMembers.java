package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpMissingMemberException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The members of one decoded value that the server did not send as the compiled schema describes (tolerant
 * decoding only): required members it left out, and object-typed members that arrived as another kind of JSON
 * value, kept as sent. A generated value holds one of these in a nullable field that stays null when everything
 * arrived, so the common case costs nothing but that field; its {@code hasX()} methods and accessors consult it:
 *
 * <pre>{@code
 * BlockDeviceInfo node = codec.decodeResult(QmpCommands.QUERY_NAMED_BLOCK_NODES, frame).get(0);
 * node.hasEncryptionKeyMissing();   // false: QEMU 7.2 no longer sends it
 * node.encryptionKeyMissing();      // throws QmpMissingMemberException naming BlockDeviceInfo.encryption_key_missing
 * }</pre>
 *
 * <p>Immutable once the value is built; the decoder adds to it through {@link DecodeContext}.
 */
public final class MissingMembers {
    private final String typeName;
    /** Wire name to what arrived instead (empty: nothing did), in the order the decoder found them. */
    private final Map<String, Optional<JsonNode>> members;

    private MissingMembers(String typeName, Map<String, Optional<JsonNode>> members) {
        this.typeName = typeName;
        this.members = members;
    }

    /**
     * {@code to} (null: none yet) plus member {@code member} of {@code typeName}, absent ({@code received} null)
     * or sent as {@code received}. For decoders.
     */
    static MissingMembers add(@Nullable MissingMembers to, String typeName, String member, @Nullable JsonNode received) {
        Map<String, Optional<JsonNode>> members = new LinkedHashMap<>();
        if (to != null) {
            members.putAll(to.members);
        }
        // A required member first recorded with what came instead stays so when the check for absence follows.
        members.putIfAbsent(member, Optional.ofNullable(received));
        return new MissingMembers(typeName, members);
    }

    /** The QAPI type the members belong to. */
    public String typeName() {
        return typeName;
    }

    /** Whether member {@code member} (a wire name) is missing: absent, or sent as another kind of value. */
    public boolean contains(String member) {
        return members.containsKey(member);
    }

    /** The wire names of the missing members, in the order the decoder found them. */
    public List<String> names() {
        return new ArrayList<>(members.keySet());
    }

    /** The wire names of the members the server did not send at all. */
    public List<String> absent() {
        List<String> out = new ArrayList<>();
        members.forEach((name, received) -> {
            if (received.isEmpty()) {
                out.add(name);
            }
        });
        return out;
    }

    /** What the server sent for {@code member} instead of a value of its type (a copy); null when it sent nothing. */
    public @Nullable JsonNode received(String member) {
        Optional<JsonNode> received = members.get(member);
        return received == null || received.isEmpty() ? null : received.get().deepCopy();
    }

    /**
     * Throws {@link QmpMissingMemberException} when {@code member} is missing; for the generated accessors.
     *
     * @param presenceCheck the value's {@code hasX} method for the member, named in the message (null: none)
     */
    public void check(String member, @Nullable String presenceCheck) {
        Optional<JsonNode> received = members.get(member);
        if (received != null) {
            throw new QmpMissingMemberException(typeName, member, received.orElse(null), presenceCheck);
        }
    }

    /** Writes the members that arrived as another kind of value, as they arrived (re-encoding keeps them). */
    public void writeReceived(JsonGenerator g) throws IOException {
        for (Map.Entry<String, Optional<JsonNode>> e : members.entrySet()) {
            if (e.getValue().isPresent()) {
                g.writeFieldName(e.getKey());
                QapiJson.writeAny(g, e.getValue().get());
            }
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MissingMembers other && typeName.equals(other.typeName) && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return typeName.hashCode() * 31 + members.hashCode();
    }

    /** {@code encryption_key_missing: not sent, image: sent as a string "x"}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        members.forEach((name, received) -> {
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append(": ");
            sb.append(received.isEmpty() ? "not sent" : "sent as " + QmpMissingMemberException.describe(received.get()));
        });
        return sb.toString();
    }
}
