package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;
import org.jspecify.annotations.Nullable;

/**
 * {@code {'event': ..., 'data': ..., 'boxed': ...}}.
 *
 * @param data a {@link TypeRef.Named} type or {@link TypeRef.Inline} data members, or null
 */
public record EventDecl(String name, DefinitionInfo info, Object source, @Nullable TypeRef data, boolean boxed)
        implements Declaration {}
