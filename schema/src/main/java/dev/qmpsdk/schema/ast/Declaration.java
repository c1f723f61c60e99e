package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.DefinitionInfo;

/** One definition as written in the schema (not {@code include} or {@code pragma}, which the loader consumes). */
public sealed interface Declaration permits EnumDecl, StructDecl, UnionDecl, AlternateDecl, CommandDecl, EventDecl {
    String name();

    DefinitionInfo info();

    /**
     * The expression as plain values (String, Boolean, List, Map), without positions. Two declarations of
     * the same name with equal sources are the same definition read twice, which is not an error.
     */
    Object source();
}
