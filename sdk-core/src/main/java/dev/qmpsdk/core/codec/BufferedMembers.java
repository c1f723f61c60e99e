package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Members of a union value kept as tokens until the reader knows which branch reads them. A generated union
 * reader streams the object once: members of the base go into local variables, the discriminator (or, when
 * the parser reads bytes, a look ahead for it) picks the branch, and a branch's member that comes before
 * that can only be kept here. The branch then reads these members back from {@link #replay()} and the
 * remaining ones straight from the message's parser. Nothing is buffered (no instance) in the usual cases.
 *
 * <pre>{@code
 * BufferedMembers held = null;
 * while (p.nextToken() == JsonToken.FIELD_NAME) {
 *     String member = p.currentName();
 *     p.nextToken();
 *     ...                                        // base members, the discriminator, a known branch
 *     held = BufferedMembers.add(held, member, p);  // copies the value, p is left on its last token
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
     * Copies member {@code name}, whose value the parser is on, leaving the parser on the value's last token.
     *
     * @param members what was buffered so far, or null for nothing yet
     * @return {@code members}, or a new buffer when it was null
     */
    public static BufferedMembers add(@Nullable BufferedMembers members, String name, JsonParser p) throws IOException {
        BufferedMembers m = open(members);
        m.tokens.writeFieldName(name);
        m.tokens.copyCurrentStructure(p);
        return m;
    }

    /** A buffer with nothing in it yet, for {@link #member}. */
    public static BufferedMembers empty() throws IOException {
        return new BufferedMembers();
    }

    /**
     * Starts member {@code name} and returns the generator to write its value with: how a union reader keeps
     * the base members it has already decoded when the value turns out to have no branch and is kept raw.
     */
    public JsonGenerator member(String name) throws IOException {
        open(this).tokens.writeFieldName(name);
        return tokens;
    }

    private static BufferedMembers open(@Nullable BufferedMembers members) throws IOException {
        BufferedMembers m = members != null ? members : new BufferedMembers();
        if (m.closed) {
            throw new IllegalStateException("members were already replayed");
        }
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
     * The whole object as a tree: the members already decoded ({@code known}, the base), those buffered
     * before the discriminator, the discriminator, then the members that follow it, read from {@code p} up to
     * the object's END_OBJECT. For a value whose discriminator selects no branch, kept raw.
     *
     * @param p on the discriminator's value
     */
    public static ObjectNode wholeObject(BufferedMembers known, @Nullable BufferedMembers before, String discriminator,
            String tag, JsonParser p) throws IOException {
        ObjectNode raw;
        try (JsonParser kp = known.replay()) {
            raw = QapiJson.TREE_MAPPER.readTree(kp);
        }
        if (before != null) {
            try (JsonParser bp = before.replay()) {
                raw.setAll((ObjectNode) QapiJson.TREE_MAPPER.readTree(bp));
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
