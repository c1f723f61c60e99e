package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reading and writing primitives that generated code is built from. Each reader expects the parser on
 * the value's first token, checks the JSON type and the QAPI range, and reports a problem with the JSON
 * path through {@link DecodeContext}.
 */
public final class QapiJson {
    /** Builds and reads JSON trees (for {@code any} values and buffered unions); never used for typed values. */
    public static final ObjectMapper TREE_MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = TREE_MAPPER.getNodeFactory();

    private QapiJson() {}

    public static String readStr(JsonParser p, DecodeContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw ctx.error(p, "expected a string, got " + describe(p));
        }
        return p.getText();
    }

    public static boolean readBool(JsonParser p, DecodeContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw ctx.error(p, "expected true or false, got " + describe(p));
    }

    public static double readNumber(JsonParser p, DecodeContext ctx) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        throw ctx.error(p, "expected a number, got " + describe(p));
    }

    /** Reads an integer of the given kind; unsigned 64-bit values come back as their {@code long} bits. */
    public static long readInt(JsonParser p, DecodeContext ctx, IntKind kind) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw ctx.error(p, "expected an integer (" + kind.qapiName() + "), got " + describe(p));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger big = p.getBigIntegerValue();
            if (!kind.accepts(big)) {
                throw ctx.error(p, big + " is out of range for " + kind.qapiName() + " (" + kind.range() + ")");
            }
            return big.longValue();
        }
        long value = p.getLongValue();
        if (kind.isUnsigned64() ? value < 0 : !kind.accepts(value)) {
            throw ctx.error(p, value + " is out of range for " + kind.qapiName() + " (" + kind.range() + ")");
        }
        return value;
    }

    /** {@link #readInt} for the kinds carried in an {@code int} (int8/16/32, uint8/16). */
    public static int readSmallInt(JsonParser p, DecodeContext ctx, IntKind kind) throws IOException {
        return (int) readInt(p, ctx, kind);
    }

    public static QapiNull readNull(JsonParser p, DecodeContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NULL) {
            throw ctx.error(p, "expected null, got " + describe(p));
        }
        return QapiNull.INSTANCE;
    }

    /** Reads any JSON value as a tree ({@code any} members are kept exactly as sent). */
    public static JsonNode readAny(JsonParser p, DecodeContext ctx) throws IOException {
        // Scalars directly: ObjectMapper.readTree sets up a deserialization context per call, which costs more
        // than the value itself (query-qmp-schema has a thousand "default": null). Same nodes as readTree makes.
        switch (p.currentToken()) {
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            default:
                break;
        }
        JsonNode node = TREE_MAPPER.readTree(p);
        return node == null ? TREE_MAPPER.nullNode() : node;
    }

    /** Reads a JSON object as a tree, failing with the path when the value is not an object. */
    public static ObjectNode readObjectTree(JsonParser p, DecodeContext ctx, String typeName) throws IOException {
        expectObject(p, ctx, typeName);
        return TREE_MAPPER.readTree(p);
    }

    /**
     * Reads a union's discriminator: the parser is on its value.
     *
     * @throws dev.qmpsdk.core.QmpProtocolException naming the union's object when the value is not a string
     */
    public static String readDiscriminator(JsonParser p, DecodeContext ctx, String unionName, String discriminator)
            throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw ctx.errorAtObject(p, discriminatorProblem(unionName, discriminator));
        }
        return p.getText();
    }

    /**
     * Checks the discriminator a branch meets after it was chosen: by a member before it that only this branch
     * has ({@code impliedBy}, strict mode), or by the discriminator itself (looked ahead for, or a duplicate).
     * The parser is on the discriminator's value.
     *
     * @throws dev.qmpsdk.core.QmpProtocolException at the discriminator when it names another branch
     */
    public static void checkDiscriminator(JsonParser p, DecodeContext ctx, String unionName, String discriminator,
            String branch, @Nullable String impliedBy) throws IOException {
        String tag = readDiscriminator(p, ctx, unionName, discriminator);
        if (tag.equals(branch)) {
            return;
        }
        throw ctx.error(p, impliedBy != null
                ? "'" + tag + "' contradicts member '" + impliedBy + "' before it, which only branch '" + branch
                        + "' of union " + unionName + " has (strict mode)"
                : "'" + tag + "' contradicts the earlier '" + discriminator + "': '" + branch + "' of union " + unionName);
    }

    /** The error of a union object whose discriminator is missing or not a string. */
    public static String discriminatorProblem(String unionName, String discriminator) {
        return "discriminator '" + discriminator + "' of " + unionName + " is missing or not a string";
    }

    public static <T> List<T> readList(JsonParser p, DecodeContext ctx, ValueReader<T> element) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ctx.error(p, "expected an array, got " + describe(p));
        }
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(element.read(p, ctx));
        }
        return Collections.unmodifiableList(out);
    }

    /** Checks that the parser is on the start of an object. */
    public static void expectObject(JsonParser p, DecodeContext ctx, String typeName) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ctx.error(p, "expected an object (" + typeName + "), got " + describe(p));
        }
    }

    public static void writeInt(JsonGenerator g, long value, IntKind kind) throws IOException {
        if (kind.isUnsigned64() && value < 0) {
            g.writeNumber(Long.toUnsignedString(value));
        } else {
            g.writeNumber(value);
        }
    }

    public static <T> void writeList(JsonGenerator g, List<T> values, ValueWriter<T> element) throws IOException {
        g.writeStartArray();
        for (T v : values) {
            element.write(g, v);
        }
        g.writeEndArray();
    }

    public static void writeAny(JsonGenerator g, JsonNode value) throws IOException {
        TREE_MAPPER.writeTree(g, value);
    }

    /**
     * Writes the members of {@code value} (an object-shaped generated value) into the object {@code g} is
     * writing, without braces: a union branch whose type is itself a union carries that union's members
     * flattened into its own object.
     */
    public static void writeMembersOf(JsonGenerator g, QapiValue value) throws IOException {
        TokenBuffer buffer = new TokenBuffer(TREE_MAPPER, false);
        value._writeJson(buffer);
        JsonNode tree;
        try (JsonParser p = buffer.asParser()) {
            tree = TREE_MAPPER.readTree(p);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalStateException(value.getClass().getName() + " did not write a JSON object");
        }
        for (var member : object.properties()) {
            g.writeFieldName(member.getKey());
            writeAny(g, member.getValue());
        }
    }

    /**
     * A parser over {@code members} positioned on its START_OBJECT: how a union branch whose type is itself
     * a union hands the members it does not own to that union's reader.
     */
    public static JsonParser parserOver(ObjectNode members) throws IOException {
        JsonParser p = TREE_MAPPER.treeAsTokens(members);
        p.nextToken();
        return p;
    }

    /** Writes a value of a generated type. */
    public static void writeValue(JsonGenerator g, QapiValue value) throws IOException {
        value._writeJson(g);
    }

    /** A short description of the current token for error messages: {@code a string "abc"}, {@code an object}. */
    public static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
