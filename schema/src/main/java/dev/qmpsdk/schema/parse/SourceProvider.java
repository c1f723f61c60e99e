package dev.qmpsdk.schema.parse;

import java.io.IOException;

/** Where schema modules come from: the file system, or memory for {@link QapiSchemaLoader#parse}. */
interface SourceProvider {
    /**
     * The text of a module.
     *
     * @param module the path relative to the main file's directory, with {@code /} separators
     * @throws IOException when the module does not exist or cannot be read
     */
    String read(String module) throws IOException;

    /** How locations in this module name the file. */
    String displayName(String module);
}
