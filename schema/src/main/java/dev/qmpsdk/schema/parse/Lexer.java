package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.QapiSchemaException;
import dev.qmpsdk.schema.model.SourceLocation;

/**
 * Splits QAPI source into tokens. QAPI is Python literal syntax, not JSON: strings may use single or
 * double quotes, {@code #} starts a comment that runs to the end of the line, and 1.x files sometimes
 * wrote Python's {@code True}/{@code False}. Lines and columns are 1-based; a tab counts as one column.
 */
final class Lexer {
    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int column = 1;

    Lexer(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** The next token; comments are returned too, so that the caller can collect doc blocks. */
    Token next() {
        skipWhiteSpace();
        SourceLocation start = here();
        if (pos >= text.length()) {
            return new Token(Token.Kind.END, "", start);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> single(Token.Kind.LEFT_BRACE, start);
            case '}' -> single(Token.Kind.RIGHT_BRACE, start);
            case '[' -> single(Token.Kind.LEFT_BRACKET, start);
            case ']' -> single(Token.Kind.RIGHT_BRACKET, start);
            case ':' -> single(Token.Kind.COLON, start);
            case ',' -> single(Token.Kind.COMMA, start);
            case '#' -> comment(start);
            case '\'', '"' -> string(c, start);
            default -> {
                if (Character.isLetter(c)) {
                    yield word(start);
                }
                if (Character.isDigit(c) || c == '-' || c == '+') {
                    yield number(start);
                }
                throw new QapiSchemaException(start, "unexpected character '" + c + "'");
            }
        };
    }

    /** Where the next character is. */
    SourceLocation here() {
        return new SourceLocation(file, line, column);
    }

    private void skipWhiteSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return;
            }
            advance();
        }
    }

    private Token single(Token.Kind kind, SourceLocation start) {
        advance();
        return new Token(kind, String.valueOf(text.charAt(pos - 1)), start);
    }

    private Token comment(SourceLocation start) {
        int from = pos;
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            advance();
        }
        return new Token(Token.Kind.COMMENT, text.substring(from, pos), start);
    }

    private Token word(SourceLocation start) {
        int from = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            advance();
        }
        String word = text.substring(from, pos);
        return switch (word) {
            case "true", "True" -> new Token(Token.Kind.TRUE, word, start);
            case "false", "False" -> new Token(Token.Kind.FALSE, word, start);
            default -> throw new QapiSchemaException(start, "unexpected word '" + word + "' (strings need quotes)");
        };
    }

    private Token number(SourceLocation start) {
        int from = pos;
        advance();
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || ".+-".indexOf(text.charAt(pos)) >= 0)) {
            advance();
        }
        return new Token(Token.Kind.NUMBER, text.substring(from, pos), start);
    }

    private Token string(char quote, SourceLocation start) {
        advance();
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
                throw new QapiSchemaException(start, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == quote) {
                advance();
                return new Token(Token.Kind.STRING, value.toString(), start);
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.append(c);
                advance();
            }
        }
    }

    /** Reads one backslash escape, the subset Python and JSON share. */
    private char escape() {
        SourceLocation at = here();
        advance();
        if (pos >= text.length()) {
            throw new QapiSchemaException(at, "unterminated string");
        }
        char c = text.charAt(pos);
        advance();
        return switch (c) {
            case '\\', '\'', '"', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape(at);
            default -> throw new QapiSchemaException(at, "unknown escape '\\" + c + "'");
        };
    }

    private char unicodeEscape(SourceLocation at) {
        if (pos + 4 > text.length()) {
            throw new QapiSchemaException(at, "\\u needs four hex digits");
        }
        String hex = text.substring(pos, pos + 4);
        try {
            char c = (char) Integer.parseInt(hex, 16);
            for (int i = 0; i < 4; i++) {
                advance();
            }
            return c;
        } catch (NumberFormatException e) {
            throw new QapiSchemaException(at, "\\u needs four hex digits, not '" + hex + "'");
        }
    }

    private void advance() {
        if (text.charAt(pos) == '\n') {
            line++;
            column = 1;
        } else if (text.charAt(pos) == '\r') {
            // "\r\n" counts once, at the '\n'; a lone '\r' ends a line by itself
            if (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n') {
                line++;
                column = 1;
            }
        } else {
            column++;
        }
        pos++;
    }
}
