package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;
import org.jspecify.annotations.Nullable;

/**
 * {@code {'command': ..., 'data': ..., 'returns': ..., ...}} with every flag defaulted as QEMU does.
 *
 * @param data a {@link TypeRef.Named} type or {@link TypeRef.Inline} arguments, or null
 */
public record CommandDecl(
        String name,
        DefinitionInfo info,
        Object source,
        @Nullable TypeRef data,
        @Nullable TypeRef returns,
        boolean boxed,
        boolean gen,
        boolean successResponse,
        boolean allowOob,
        boolean allowPreconfig,
        boolean coroutine)
        implements Declaration {}
