package dev.qmpsdk.schema.codegen;

/**
 * Generation for a user's schema could not be done; the message says what was wrong and where (a parameter and
 * its value, or {@code file:line:column} in the schema) and is meant to be shown as it is, as the one line a build
 * fails with.
 */
public final class CodegenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodegenException(String message) {
        super(message);
    }

    public CodegenException(String message, Throwable cause) {
        super(message, cause);
    }
}
