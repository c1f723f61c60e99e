package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.SourceLocation;

/**
 * One lexical token.
 *
 * @param text the string's value (escapes resolved), the comment line including {@code #}, or the raw text
 */
record Token(Kind kind, String text, SourceLocation location) {
    enum Kind {
        LEFT_BRACE("'{'"),
        RIGHT_BRACE("'}'"),
        LEFT_BRACKET("'['"),
        RIGHT_BRACKET("']'"),
        COLON("':'"),
        COMMA("','"),
        STRING("a string"),
        TRUE("true"),
        FALSE("false"),
        NUMBER("a number"),
        COMMENT("a comment"),
        END("the end of the file");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** How an error message names this token. */
    String describe() {
        return switch (kind) {
            case STRING -> "string '" + text + "'";
            case NUMBER -> "number " + text;
            default -> kind.description();
        };
    }
}
