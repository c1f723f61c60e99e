package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code {'enum': ..., 'data': [...], 'prefix': ...}}. */
public record EnumDecl(String name, DefinitionInfo info, Object source, List<EnumValueDecl> values, @Nullable String prefix)
        implements Declaration {
    public EnumDecl {
        values = List.copyOf(values);
    }
}
