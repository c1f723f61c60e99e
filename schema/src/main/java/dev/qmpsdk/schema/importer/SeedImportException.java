package dev.qmpsdk.schema.importer;

/**
 * The seed documents are not what the importer expects: a region that cannot be split, a repeated
 * definition that differs from its first copy, a repair whose target is not in the damaged state it was
 * written for, or man-page text that does not confirm a reconstructed doc block. The message names the
 * seed position (character offset, unit number) and the definition concerned.
 */
public final class SeedImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SeedImportException(String message) {
        super(message);
    }

    public SeedImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
