package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.Doc;
import dev.qmpsdk.schema.model.QapiSchemaException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads one schema file into its top-level expressions, each with the doc block before it and the
 * section heading in force. Knows nothing about what the expressions mean.
 */
final class SchemaFileParser {
    /**
     * One top-level expression.
     *
     * @param section the most recent {@code = Heading} of this file before the expression, or null
     */
    record TopLevelExpression(Node.Dict expression, @Nullable Doc doc, @Nullable String section) {}

    private SchemaFileParser() {}

    static List<TopLevelExpression> parse(String file, String text, Diagnostics diagnostics) {
        Lexer lexer = new Lexer(file, text);
        ValueParser values = new ValueParser(lexer, diagnostics);
        DocCommentCollector docs = new DocCommentCollector(diagnostics);
        List<TopLevelExpression> out = new ArrayList<>();
        for (Token token = lexer.next(); token.kind() != Token.Kind.END; token = lexer.next()) {
            switch (token.kind()) {
                case COMMENT -> docs.comment(token);
                case LEFT_BRACE -> {
                    Doc doc = docs.docForExpressionAt(token.location());
                    out.add(new TopLevelExpression(values.dictAfter(token), doc, docs.section()));
                }
                default -> throw new QapiSchemaException(
                        token.location(), "expected '{' to start a top-level expression but found " + token.describe());
            }
        }
        return out;
    }
}
