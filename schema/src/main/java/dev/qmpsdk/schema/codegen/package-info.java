/**
 * The one code path build tools share: a checked request, generation in memory, output replaced whole.
 */
@NullMarked
package dev.qmpsdk.schema.codegen;

import org.jspecify.annotations.NullMarked;
