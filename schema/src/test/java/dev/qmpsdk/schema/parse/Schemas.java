package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiSchemaException;

/** Small helpers for tests that parse schema text held in the test. */
final class Schemas {
    static final String FILE = "t.json";

    private Schemas() {}

    static QapiSchema strict(String text) {
        return QapiSchemaLoader.parse(FILE, text, QapiSchemaLoader.Options.STRICT);
    }

    static QapiSchema lenient(String text) {
        return QapiSchemaLoader.parse(FILE, text, QapiSchemaLoader.Options.LENIENT);
    }

    /** Asserts that strict parsing fails with exactly {@code "t.json:<where>: <message>"}. */
    static QapiSchemaException assertStrictError(String where, String message, String text) {
        QapiSchemaException error = assertThrows(QapiSchemaException.class, () -> strict(text));
        assertEquals(FILE + ":" + where + ": " + message, error.getMessage());
        return error;
    }
}
