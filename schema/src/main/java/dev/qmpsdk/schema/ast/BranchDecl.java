package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.IfCondition;
import dev.qmpsdk.schema.model.SourceLocation;
import org.jspecify.annotations.Nullable;

/** A union branch or alternative as written: {@code 'name': 'T'} or {@code 'name': {'type': 'T', 'if': ...}}. */
public record BranchDecl(String name, TypeRef type, @Nullable IfCondition ifCond, SourceLocation location) {}
