package dev.qmpsdk.schema.ast;

import dev.qmpsdk.schema.model.SourceLocation;
import java.util.List;

/** A type as written where a type is expected: a name, a one-element list, or an anonymous dict. */
public sealed interface TypeRef {
    SourceLocation location();

    /** {@code 'Foo'}: a built-in or named type. */
    record Named(String name, SourceLocation location) implements TypeRef {}

    /** {@code ['Foo']}: an array of a named type. */
    record ArrayOf(Named element, SourceLocation location) implements TypeRef {}

    /**
     * {@code {'a': 'int', ...}}: an anonymous object type (command arguments, event data, inline union base,
     * or a 1.x nested struct member).
     */
    record Inline(List<MemberDecl> members, SourceLocation location) implements TypeRef {
        public Inline {
            members = List.copyOf(members);
        }
    }
}
