package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.qmpsdk.core.QmpProtocolException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * What a decoder needs besides the bytes: whether to be strict, what is being decoded (for error messages)
 * and where the current parser sits inside the whole message (for the JSON path in error messages).
 *
 * <p>Tolerant (the default) ignores unknown members and keeps unknown enum values, union branches and
 * events in raw form, so that a client compiled against an old schema keeps working with a newer QEMU.
 * Strict rejects all of those; it is meant for tests that check a schema matches a server.
 */
public final class DecodeContext {
    private final boolean strict;
    private final String subject;
    private final String pathPrefix;
    /**
     * For members replayed from a buffer (see {@link #forMembersBufferedIn}): the live parser, still inside the
     * object they were buffered from, whose path completes {@link #pathPrefix}. Kept instead of the path
     * itself so that the path is built only when an error needs it.
     */
    private final @Nullable JsonParser anchor;
    /** The bytes the message's parser reads, for {@link #lookAhead}; null when the parser is not over bytes. */
    private final @Nullable SourceBytes source;

    /** A parser over a byte array, and where its input starts and ends in the array. */
    private record SourceBytes(JsonParser parser, byte[] bytes, int offset, int end) {}

    private DecodeContext(boolean strict, String subject, String pathPrefix, @Nullable JsonParser anchor,
            @Nullable SourceBytes source) {
        this.strict = strict;
        this.subject = subject;
        this.pathPrefix = pathPrefix;
        this.anchor = anchor;
        this.source = source;
    }

    /**
     * @param strict reject unknown members, enum values, union branches and events
     * @param subject what is being decoded, e.g. {@code "reply to query-status"}
     */
    public static DecodeContext of(boolean strict, String subject) {
        return new DecodeContext(strict, subject, "", null, null);
    }

    public boolean strict() {
        return strict;
    }

    public String subject() {
        return subject;
    }

    /** The same context, tolerant: used to read what is known of a value whose other parts are unknown. */
    public DecodeContext tolerant() {
        return strict ? new DecodeContext(false, subject, pathPrefix, anchor, source) : this;
    }

    /** The same context with another subject (the path prefix is kept). */
    public DecodeContext withSubject(String newSubject) {
        return new DecodeContext(strict, newSubject, pathPrefix, anchor, source);
    }

    /**
     * A context for a parser that starts at the value the given parser is on now; used when a value is
     * buffered (a union read as a tree to find its discriminator, a reply's {@code return}) and re-parsed.
     */
    public DecodeContext below(JsonParser p) {
        return new DecodeContext(strict, subject, pathOf(p), null, null);
    }

    /** A context for a re-parsed value found at {@code prefix} (a JSON pointer such as {@code /return}). */
    public DecodeContext below(String pointer) {
        return new DecodeContext(strict, subject, prefix() + pointer, null, null);
    }

    /**
     * A context for re-reading, as a tree, the object whose END_OBJECT the parser has just returned (a union
     * value whose discriminator selects no branch).
     */
    public DecodeContext belowClosedObject(JsonParser p) {
        return new DecodeContext(strict, subject, pathOfObjectEnd(p), null, null);
    }

    /**
     * A context for members of an object that were buffered before its union discriminator and are replayed
     * from a parser over that buffer (whose own paths start at the object). {@code live} is the message's
     * parser, still inside that object: it must not move while this context is in use, because error paths
     * are worked out from it only when an error is reported.
     */
    public DecodeContext forMembersBufferedIn(JsonParser live) {
        return new DecodeContext(strict, subject, prefix(), live, null);
    }

    /**
     * The same context, for a parser that reads {@code length} bytes of {@code bytes} from {@code offset}:
     * lets union readers called with that parser {@link #lookAhead} for their discriminator.
     */
    public DecodeContext readingBytes(JsonParser parser, byte[] bytes, int offset, int length) {
        return new DecodeContext(strict, subject, pathPrefix, anchor, new SourceBytes(parser, bytes, offset, offset + length));
    }

    /**
     * The value of member {@code discriminator} further on in the object the parser is reading, found in the
     * raw bytes without moving the parser; null when it cannot be told cheaply (the parser does not read
     * the bytes this context was given, the discriminator is absent, not a plain string, ...).
     *
     * @param p on the value of a member of that object
     */
    public @Nullable String lookAhead(JsonParser p, String discriminator) {
        SourceBytes s = source;
        if (s == null || s.parser() != p) {
            return null;
        }
        long at = p.currentTokenLocation().getByteOffset();
        if (at < 0 || at >= s.end() - s.offset()) {
            return null;
        }
        int start = s.offset() + (int) at;
        if (!startsToken(s.bytes()[start], p.currentToken())) {
            return null; // not where this Jackson version puts a token's location: do not guess
        }
        return DiscriminatorLookahead.find(s.bytes(), start, s.end(), discriminator);
    }

    private static boolean startsToken(byte first, @Nullable JsonToken token) {
        if (token == null) {
            return false;
        }
        return switch (token) {
            case START_OBJECT -> first == '{';
            case START_ARRAY -> first == '[';
            case VALUE_STRING -> first == '"';
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> first == '-' || (first >= '0' && first <= '9');
            case VALUE_TRUE -> first == 't';
            case VALUE_FALSE -> first == 'f';
            case VALUE_NULL -> first == 'n';
            default -> false;
        };
    }

    /** The JSON pointer of the parser's current value within the whole message. */
    public String pathOf(JsonParser p) {
        JsonStreamContext ctx = p.getParsingContext();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            ctx = ctx.getParent();
        }
        String local = ctx == null ? "" : ctx.pathAsPointer().toString();
        return prefix() + local;
    }

    /** An error about the parser's current value. */
    public QmpProtocolException error(JsonParser p, String problem) {
        return new QmpProtocolException(subject, pathOf(p), problem, null);
    }

    /** An error about the value at a path given relative to this context. */
    public QmpProtocolException errorAt(String relativePointer, String problem) {
        return new QmpProtocolException(subject, prefix() + relativePointer, problem, null);
    }

    /** A member that the type does not declare: skipped, or an error in strict mode. */
    public void unknownMember(JsonParser p, String typeName, String member) throws IOException {
        if (strict) {
            throw error(p, "member '" + member + "' is not part of " + typeName + " (strict mode)");
        }
        p.skipChildren();
    }

    /** A required member that never came: an error to throw (the parser has just returned the object's END_OBJECT). */
    public QmpProtocolException missingMember(JsonParser p, String typeName, String member) {
        return new QmpProtocolException(subject, pathOfObjectEnd(p), "required member '" + member + "' of " + typeName + " is missing", null);
    }

    /**
     * A required member of a generated value that never came (the parser has just returned the object's
     * END_OBJECT): in tolerant mode recorded, so that the value is delivered with the member absent (a newer
     * server removed it); an error in strict mode.
     *
     * @param to what the value has recorded so far (null: nothing)
     * @return {@code to} plus this member
     */
    public MissingMembers missingMember(JsonParser p, String typeName, String member, @Nullable MissingMembers to) {
        if (strict) {
            throw new QmpProtocolException(subject, pathOfObjectEnd(p), "required member '" + member + "' of " + typeName
                    + " is missing (strict mode)", null);
        }
        return MissingMembers.add(to, typeName, member, null);
    }

    /**
     * A required member of an event whose {@code data} is absent altogether: recorded in tolerant mode (see
     * {@link #missingMember(JsonParser, String, String, MissingMembers)}), an error in strict mode.
     */
    public MissingMembers missingFromAbsentData(String eventName, String member, @Nullable MissingMembers to) {
        if (strict) {
            throw errorAt("", "event " + eventName + " has no data, but requires '" + member + "' (strict mode)");
        }
        return MissingMembers.add(to, eventName, member, null);
    }

    /**
     * A member whose type is an object (a struct or union) sent as another kind of JSON value, the parser on
     * it: a newer server widened its type (to an alternate). In tolerant mode the value is read as it is and
     * recorded, so that the rest of the reply is delivered; an error in strict mode.
     *
     * @param memberType the QAPI type the schema gives the member, for the message
     * @return {@code to} plus this member with the value received
     */
    public MissingMembers unexpectedKind(JsonParser p, String typeName, String member, String memberType,
            @Nullable MissingMembers to) throws IOException {
        if (strict) {
            throw error(p, "expected an object (" + memberType + "), got " + QapiJson.describe(p) + " (strict mode)");
        }
        return MissingMembers.add(to, typeName, member, QapiJson.readAny(p, this));
    }

    /** An enum value the schema does not know: kept, or an error in strict mode. */
    public void unknownEnumValue(JsonParser p, String enumName, String value) {
        if (strict) {
            throw error(p, "'" + value + "' is not a value of enum " + enumName + " (strict mode)");
        }
    }

    /**
     * A union discriminator value without a branch: kept raw, or an error in strict mode.
     *
     * @param p on the discriminator's value (the error names it)
     */
    public void unknownBranch(JsonParser p, String unionName, String tag) {
        if (strict) {
            throw error(p, "'" + tag + "' selects no branch of union " + unionName + " (strict mode)");
        }
    }

    /**
     * An error about the object the parser is reading: the parser is on one of its member values, or on its
     * END_OBJECT (a union whose discriminator is not a string, or missing).
     */
    public QmpProtocolException errorAtObject(JsonParser p, String problem) {
        return new QmpProtocolException(subject, prefix() + objectPath(p), problem, null);
    }

    private String pathOfObjectEnd(JsonParser p) {
        // Jackson parsers (stream, TokenBuffer and tree alike) leave the object's context when they return its
        // END_OBJECT: the current context is already the enclosing one, whose pointer names the object itself
        // (/return/clients/0). Going one level further up would name the array (/return/clients) instead.
        JsonStreamContext ctx = p.getParsingContext();
        return prefix() + (ctx == null ? "" : ctx.pathAsPointer().toString());
    }

    /** The prefix of every path, with the anchor's part (if any) worked out now. */
    private String prefix() {
        return anchor == null ? pathPrefix : pathPrefix + objectPath(anchor);
    }

    /** The pointer, relative to the parser's own root, of the object the parser is in (see {@link #errorAtObject}). */
    private static String objectPath(JsonParser p) {
        JsonStreamContext ctx = p.getParsingContext();
        JsonToken t = p.currentToken();
        if (t == JsonToken.END_OBJECT) {
            return ctx.pathAsPointer().toString();
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            ctx = ctx.getParent();
        }
        // ctx is the object's own context, whose pointer ends with the member being read; its parent's names the object.
        JsonStreamContext enclosing = ctx.getParent();
        return enclosing == null ? "" : enclosing.pathAsPointer().toString();
    }
}
