/**
 * Rebuilds {@code schema/qapi/} from the seed documents (the collapsed 2.11.2 schema, repaired from the man page);
 * a build-time tool, run by {@code tools/import-schema}.
 */
@NullMarked
package dev.qmpsdk.schema.importer;

import org.jspecify.annotations.NullMarked;
