/**
 * The schema as written, one declaration per top-level expression, with type references still by name.
 *
 * <p>This is the hand-over between the parser ({@code dev.qmpsdk.schema.parse}), which checks the syntax of
 * each expression, and the resolver ({@code dev.qmpsdk.schema.model.SchemaResolver}), which links names to
 * types and creates the implicit types. Every era's spelling is already normalised here: 1.x {@code 'type'}
 * is a {@link dev.qmpsdk.schema.ast.StructDecl}, {@code 'gen': 'no'} is {@code gen == false}, all {@code if}
 * forms are an {@link dev.qmpsdk.schema.model.IfCondition}.
 */
@NullMarked
package dev.qmpsdk.schema.ast;

import org.jspecify.annotations.NullMarked;
