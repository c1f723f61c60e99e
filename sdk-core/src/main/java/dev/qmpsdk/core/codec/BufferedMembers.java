package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The members of a union value that came before its discriminator, kept as tokens until the discriminator
 * says which branch reads them. A generated union reader streams the object once: members before the
 * discriminator go here, the discriminator picks the branch, and the branch reads these members back from
 * {@link #replay()} and the remaining ones straight from the message's parser. QEMU usually sends the
 * discriminator first or second ({@code {"name": ..., "meta-type": ...}}), so this holds a member or two,
 * and nothing at all (no instance) when the discriminator comes first.
 *
 * <pre>{@code
 * BufferedMembers before = null;
 * while (p.nextToken() == JsonToken.FIELD_NAME) {
 *     if (!"meta-type".equals(p.currentName())) {
 *         before = BufferedMembers.add(before, p);   // copies the member, p is left on its last token
 *         continue;
 *     }
 *     ...
 * }
 * }</pre>
 */
public final class BufferedMembers {
    private final TokenBuffer tokens = new TokenBuffer(null, false);
    private boolean closed;

    private BufferedMembers() throws IOException {
        tokens.writeStartObject();
    }

    /**
     * Copies the member the parser is on (its FIELD_NAME) and its value, leaving the parser on the value's
     * last token.
     *
     * @param members what was buffered so far, or null for nothing yet
     * @return {@code members}, or a new buffer when it was null
     */
    public static BufferedMembers add(@Nullable BufferedMembers members, JsonParser p) throws IOException {
        BufferedMembers m = members != null ? members : new BufferedMembers();
        if (m.closed) {
            throw new IllegalStateException("members were already replayed");
        }
        m.tokens.copyCurrentStructure(p);
        return m;
    }

    /**
     * A parser over the buffered members as one object, on its START_OBJECT. Paths it reports start at that
     * object: read it with {@link DecodeContext#forMembersBufferedIn}.
     */
    public JsonParser replay() throws IOException {
        if (!closed) {
            tokens.writeEndObject();
            closed = true;
        }
        JsonParser p = tokens.asParser();
        p.nextToken();
        return p;
    }

    /**
     * The whole object as a tree, in wire order: the buffered members (if any), the discriminator, then the
     * members that follow it, read from {@code p} up to the object's END_OBJECT. For a value whose
     * discriminator selects no branch, kept raw.
     *
     * @param p on the discriminator's value
     */
    public static ObjectNode wholeObject(@Nullable BufferedMembers before, String discriminator, String tag, JsonParser p)
            throws IOException {
        ObjectNode raw;
        if (before == null) {
            raw = QapiJson.TREE_MAPPER.createObjectNode();
        } else {
            try (JsonParser bp = before.replay()) {
                raw = QapiJson.TREE_MAPPER.readTree(bp);
            }
        }
        raw.put(discriminator, tag);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            JsonNode value = QapiJson.TREE_MAPPER.readTree(p);
            raw.set(name, value == null ? QapiJson.TREE_MAPPER.nullNode() : value);
        }
        return raw;
    }
}
