package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.qmpsdk.core.QmpProtocolException;
import java.io.IOException;

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

    private DecodeContext(boolean strict, String subject, String pathPrefix) {
        this.strict = strict;
        this.subject = subject;
        this.pathPrefix = pathPrefix;
    }

    /**
     * @param strict reject unknown members, enum values, union branches and events
     * @param subject what is being decoded, e.g. {@code "reply to query-status"}
     */
    public static DecodeContext of(boolean strict, String subject) {
        return new DecodeContext(strict, subject, "");
    }

    public boolean strict() {
        return strict;
    }

    public String subject() {
        return subject;
    }

    /** The same context, tolerant: used to read what is known of a value whose other parts are unknown. */
    public DecodeContext tolerant() {
        return strict ? new DecodeContext(false, subject, pathPrefix) : this;
    }

    /** The same context with another subject (the path prefix is kept). */
    public DecodeContext withSubject(String newSubject) {
        return new DecodeContext(strict, newSubject, pathPrefix);
    }

    /**
     * A context for a parser that starts at the value the given parser is on now; used when a value is
     * buffered (a union read as a tree to find its discriminator, a reply's {@code return}) and re-parsed.
     */
    public DecodeContext below(JsonParser p) {
        return new DecodeContext(strict, subject, pathOf(p));
    }

    /** A context for a re-parsed value found at {@code prefix} (a JSON pointer such as {@code /return}). */
    public DecodeContext below(String pointer) {
        return new DecodeContext(strict, subject, pathPrefix + pointer);
    }

    /** The JSON pointer of the parser's current value within the whole message. */
    public String pathOf(JsonParser p) {
        JsonStreamContext ctx = p.getParsingContext();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            ctx = ctx.getParent();
        }
        String local = ctx == null ? "" : ctx.pathAsPointer().toString();
        return pathPrefix + local;
    }

    /** An error about the parser's current value. */
    public QmpProtocolException error(JsonParser p, String problem) {
        return new QmpProtocolException(subject, pathOf(p), problem, null);
    }

    /** An error about the value at a path given relative to this context. */
    public QmpProtocolException errorAt(String relativePointer, String problem) {
        return new QmpProtocolException(subject, pathPrefix + relativePointer, problem, null);
    }

    /** A member that the type does not declare: skipped, or an error in strict mode. */
    public void unknownMember(JsonParser p, String typeName, String member) throws IOException {
        if (strict) {
            throw error(p, "member '" + member + "' is not part of " + typeName + " (strict mode)");
        }
        p.skipChildren();
    }

    /** A required member that never came. */
    public QmpProtocolException missingMember(JsonParser p, String typeName, String member) {
        return new QmpProtocolException(subject, pathOfObjectEnd(p), "required member '" + member + "' of " + typeName + " is missing", null);
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
     * @param discriminator the discriminator member's wire name, for the JSON path
     */
    public void unknownBranch(String unionName, String discriminator, String tag) {
        if (strict) {
            throw errorAt("/" + discriminator, "'" + tag + "' selects no branch of union " + unionName + " (strict mode)");
        }
    }

    private String pathOfObjectEnd(JsonParser p) {
        // Jackson parsers (stream, TokenBuffer and tree alike) leave the object's context when they return its
        // END_OBJECT: the current context is already the enclosing one, whose pointer names the object itself
        // (/return/clients/0). Going one level further up would name the array (/return/clients) instead.
        JsonStreamContext ctx = p.getParsingContext();
        return pathPrefix + (ctx == null ? "" : ctx.pathAsPointer().toString());
    }
}
