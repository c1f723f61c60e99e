package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.QapiSchemaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for one Python-literal value. Comments inside a value are skipped. The two
 * kinds of damage early QAPI let through (a missing comma between entries or elements, a trailing comma
 * before the closing bracket) go to {@link Diagnostics#tolerate}; so do numbers, which QAPI never uses.
 */
final class ValueParser {
    private final Lexer lexer;
    private final Diagnostics diagnostics;

    ValueParser(Lexer lexer, Diagnostics diagnostics) {
        this.lexer = lexer;
        this.diagnostics = diagnostics;
    }

    /** Parses the rest of a dict whose {@code '{'} was already read. */
    Node.Dict dictAfter(Token open) {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        Token token = nextSignificant();
        while (token.kind() != Token.Kind.RIGHT_BRACE) {
            if (token.kind() != Token.Kind.STRING) {
                throw unexpected(token, "a string key or '}'");
            }
            Node.Text key = new Node.Text(token.text(), token.location());
            expect(Token.Kind.COLON, "':' after key '" + key.value() + "'");
            Node value = value(nextSignificant());
            if (entries.put(key.value(), new Node.Entry(key, value)) != null) {
                throw new QapiSchemaException(key.location(), "duplicate key '" + key.value() + "'");
            }
            token = nextSignificant();
            if (token.kind() == Token.Kind.COMMA) {
                Token comma = token;
                token = nextSignificant();
                if (token.kind() == Token.Kind.RIGHT_BRACE) {
                    diagnostics.tolerate(comma.location(), "trailing ',' before '}'");
                }
            } else if (token.kind() == Token.Kind.STRING) {
                diagnostics.tolerate(token.location(), "missing ',' before key '" + token.text() + "'");
            } else if (token.kind() != Token.Kind.RIGHT_BRACE) {
                throw unexpected(token, "',' or '}'");
            }
        }
        return new Node.Dict(entries, open.location());
    }

    private Node value(Token token) {
        return switch (token.kind()) {
            case LEFT_BRACE -> dictAfter(token);
            case LEFT_BRACKET -> listAfter(token);
            case STRING -> new Node.Text(token.text(), token.location());
            case TRUE -> new Node.Bool(true, token.location());
            case FALSE -> new Node.Bool(false, token.location());
            case NUMBER -> {
                diagnostics.tolerate(token.location(), "number " + token.text() + " (QAPI has no numbers)");
                yield new Node.Number(token.text(), token.location());
            }
            default -> throw unexpected(token, "a value");
        };
    }

    private Node.ListNode listAfter(Token open) {
        List<Node> items = new ArrayList<>();
        Token token = nextSignificant();
        while (token.kind() != Token.Kind.RIGHT_BRACKET) {
            items.add(value(token));
            token = nextSignificant();
            if (token.kind() == Token.Kind.COMMA) {
                Token comma = token;
                token = nextSignificant();
                if (token.kind() == Token.Kind.RIGHT_BRACKET) {
                    diagnostics.tolerate(comma.location(), "trailing ',' before ']'");
                }
            } else if (startsValue(token)) {
                diagnostics.tolerate(token.location(), "missing ',' before " + token.describe());
            } else if (token.kind() != Token.Kind.RIGHT_BRACKET) {
                throw unexpected(token, "',' or ']'");
            }
        }
        return new Node.ListNode(items, open.location());
    }

    private static boolean startsValue(Token token) {
        return switch (token.kind()) {
            case LEFT_BRACE, LEFT_BRACKET, STRING, TRUE, FALSE, NUMBER -> true;
            default -> false;
        };
    }

    private void expect(Token.Kind kind, String what) {
        Token token = nextSignificant();
        if (token.kind() != kind) {
            throw unexpected(token, what);
        }
    }

    private Token nextSignificant() {
        Token token = lexer.next();
        while (token.kind() == Token.Kind.COMMENT) {
            token = lexer.next();
        }
        return token;
    }

    private static QapiSchemaException unexpected(Token token, String expected) {
        return new QapiSchemaException(token.location(), "expected " + expected + " but found " + token.describe());
    }
}
