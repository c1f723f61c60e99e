package dev.qmpsdk.schema.model;

/**
 * Damage that a lenient load accepted instead of failing (a missing or trailing comma, an unknown key,
 * an unclosed doc block). Kept so that callers can report it or assert it is what they expected.
 *
 * <pre>{@code
 * QapiSchema schema = QapiSchemaLoader.load(path, QapiSchemaLoader.Options.LENIENT);
 * schema.warnings().forEach(w -> System.err.println(w));   // "qapi-schema.json:1136:3: missing ','..."
 * }</pre>
 *
 * @param location where the damage is
 * @param message what was accepted
 */
public record SchemaWarning(SourceLocation location, String message) {
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
