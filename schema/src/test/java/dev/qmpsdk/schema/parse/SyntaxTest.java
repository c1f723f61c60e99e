package dev.qmpsdk.schema.parse;

import static dev.qmpsdk.schema.parse.Schemas.FILE;
import static dev.qmpsdk.schema.parse.Schemas.assertStrictError;
import static dev.qmpsdk.schema.parse.Schemas.lenient;
import static dev.qmpsdk.schema.parse.Schemas.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.EnumValue;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.SchemaWarning;
import dev.qmpsdk.schema.model.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Python-literal layer: quotes, escapes, comments, booleans, commas, and where errors are reported. */
class SyntaxTest {
    private static List<String> values(QapiSchema schema, String enumName) {
        return ((EnumType) schema.type(enumName).orElseThrow()).values().stream().map(EnumValue::name).toList();
    }

    @Test
    void bothQuoteStylesAndEscapes() {
        QapiSchema schema = strict("{ \"enum\": 'E', 'data': [ 'it\\'s', \"say \\\"hi\\\"\", 'back\\\\slash', "
                + "'tab\\there', 'A\\u0042C', \"mixed 'quotes'\" ] }");
        assertEquals(List.of("it's", "say \"hi\"", "back\\slash", "tab\there", "ABC", "mixed 'quotes'"), values(schema, "E"));
    }

    @Test
    void commentsAnywhereAreIgnored() {
        QapiSchema schema = strict("# leading\n{ 'enum': 'E', # after a key\n  'data': [ 'a', # inside a list\n 'b' ] } # trailing\n");
        assertEquals(List.of("a", "b"), values(schema, "E"));
    }

    @Test
    void pythonBooleansAsOldSchemasWroteThem() {
        Command c = strict("{ 'command': 'c', 'boxed': False, 'allow-oob': True }").command("c").orElseThrow();
        assertFalse(c.boxed());
        assertEquals(true, c.allowOob());
    }

    @Test
    void missingCommaIsAnErrorAtTheNextElement() {
        assertStrictError("2:16", "missing ',' before string 'b' (accepted only in lenient mode)",
                "{ 'enum': 'E',\n  'data': ['a' 'b'] }");
    }

    @Test
    void missingAndTrailingCommasAreWarningsWhenLenient() {
        QapiSchema schema = lenient("{ 'enum': 'E'\n  'data': ['a', 'b',],\n}");
        assertEquals(List.of("a", "b"), values(schema, "E"));
        assertEquals(List.of(
                new SchemaWarning(new SourceLocation(FILE, 2, 3), "missing ',' before key 'data'"),
                new SchemaWarning(new SourceLocation(FILE, 2, 20), "trailing ',' before ']'"),
                new SchemaWarning(new SourceLocation(FILE, 2, 22), "trailing ',' before '}'")), schema.warnings());
    }

    @Test
    void numbersOnlyWhenLenient() {
        assertStrictError("1:38", "number 42 (QAPI has no numbers) (accepted only in lenient mode)",
                "{ 'pragma': { 'x': 'y' }, 'ignored': 42 }");
        assertEquals(1, lenient("{ 'pragma': { 'x': 42 } }").warnings().size());
    }

    @Test
    void syntaxErrorsNameTheirPosition() {
        assertStrictError("1:11", "unterminated string", "{ 'enum': 'E\n  'data': [] }");
        assertStrictError("2:5", "unexpected character '='", "{ 'enum': 'E',\n    = }");
        assertStrictError("1:13", "unknown escape '\\q'", "{ 'enum': 'E\\q', 'data': [] }");
        assertStrictError("3:1", "expected '{' to start a top-level expression but found string 'x'",
                "{ 'enum': 'E', 'data': [] }\n\n'x'");
        assertStrictError("1:11", "unexpected word 'foo' (strings need quotes)", "{ 'enum': foo }");
        assertStrictError("1:27", "expected ',' or '}' but found the end of the file", "{ 'enum': 'E', 'data': [] ");
        assertStrictError("1:16", "duplicate key 'enum'", "{ 'enum': 'E', 'enum': 'F', 'data': [] }");
    }

    @Test
    void windowsLineEndsCountOnce() {
        assertStrictError("3:3", "unexpected character '='", "# x\r\n{ 'enum': 'E',\r\n  = }");
    }
}
