/**
 * The generator's command line ({@code qapi-codegen}): which schema, which emitters, where the files go.
 */
@NullMarked
package dev.qmpsdk.schema.cli;

import org.jspecify.annotations.NullMarked;
