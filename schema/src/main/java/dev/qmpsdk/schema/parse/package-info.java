/**
 * Reading QAPI schema files of any QEMU era into {@link dev.qmpsdk.schema.model.QapiSchema}.
 *
 * <p>The pipeline, one class per step: {@link dev.qmpsdk.schema.parse.Lexer} (tokens with positions) →
 * {@link dev.qmpsdk.schema.parse.SchemaFileParser} (top-level expressions with their doc comments) →
 * {@link dev.qmpsdk.schema.parse.DeclarationReader} (one checked declaration per expression) →
 * {@link dev.qmpsdk.schema.parse.ModuleAssembler} (includes and pragmas) →
 * {@link dev.qmpsdk.schema.model.SchemaResolver} (names linked, implicit types made).
 * {@link dev.qmpsdk.schema.parse.QapiSchemaLoader} is the entry point.
 */
@NullMarked
package dev.qmpsdk.schema.parse;

import org.jspecify.annotations.NullMarked;
