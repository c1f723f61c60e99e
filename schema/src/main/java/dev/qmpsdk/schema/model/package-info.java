/**
 * The resolved schema: every type reference linked, implicit types named as QEMU names them
 * ({@link dev.qmpsdk.schema.model.SchemaResolver}); immutable, the generators' only input.
 */
@NullMarked
package dev.qmpsdk.schema.model;

import org.jspecify.annotations.NullMarked;
