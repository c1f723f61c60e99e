package dev.qmpsdk.schema.parse;

import static dev.qmpsdk.schema.parse.Schemas.assertStrictError;
import static dev.qmpsdk.schema.parse.Schemas.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qmpsdk.schema.model.QapiSchema;
import org.junit.jupiter.api.Test;

/** Every resolver error, with the location it points at. */
class ResolverErrorTest {
    private static final String ENUM_AND_BASE = "{ 'enum': 'K', 'data': ['a', 'b'] }\n"
            + "{ 'struct': 'A', 'data': { 'x': 'int' } }\n";

    @Test
    void unknownType() {
        assertStrictError("1:33", "unknown type 'Nope' in member 'a' of struct 'S'", "{ 'struct': 'S', 'data': { 'a': 'Nope' } }");
        assertStrictError("1:32", "unknown type 'Nope' in 'returns' of command 'c'", "{ 'command': 'c', 'returns': [ 'Nope' ] }");
    }

    @Test
    void discriminatorNotInBase() {
        assertStrictError("3:59", "discriminator 'tag' of union 'U' is not a member of its base 'q_obj_U-base'",
                ENUM_AND_BASE + "{ 'union': 'U', 'base': { 'kind': 'K' }, 'discriminator': 'tag', 'data': { 'a': 'A' } }");
    }

    @Test
    void discriminatorNotAnEnum() {
        assertStrictError("3:61", "discriminator 'kind' of union 'U' must be of an enum type, not str",
                ENUM_AND_BASE + "{ 'union': 'U', 'base': { 'kind': 'str' }, 'discriminator': 'kind', 'data': {} }");
    }

    @Test
    void discriminatorOptional() {
        assertStrictError("3:60", "discriminator 'kind' of union 'U' must not be optional",
                ENUM_AND_BASE + "{ 'union': 'U', 'base': { '*kind': 'K' }, 'discriminator': 'kind', 'data': {} }");
    }

    @Test
    void branchNotATagValue() {
        assertStrictError("3:77", "branch 'c' of union 'U' is not a value of the discriminator's enum 'K'",
                ENUM_AND_BASE + "{ 'union': 'U', 'base': { 'kind': 'K' }, 'discriminator': 'kind', 'data': { 'c': 'A' } }");
    }

    @Test
    void branchNotAnObject() {
        assertStrictError("3:77", "branch 'a' of union 'U' must be an object type, not enum K",
                ENUM_AND_BASE + "{ 'union': 'U', 'base': { 'kind': 'K' }, 'discriminator': 'kind', 'data': { 'a': 'K' } }");
    }

    @Test
    void flatUnionNeedsABase() {
        assertStrictError("3:1", "union 'U' has a 'discriminator' but no 'base'",
                ENUM_AND_BASE + "{ 'union': 'U', 'discriminator': 'kind', 'data': {} }");
    }

    @Test
    void branchMemberClashesWithBase() {
        assertStrictError("3:88", "member 'x' of branch 'a' of union 'U' (type 'A') clashes with the member of the same name"
                        + " in base 'q_obj_U-base'",
                ENUM_AND_BASE + "{ 'union': 'U', 'base': { 'kind': 'K', 'x': 'str' }, 'discriminator': 'kind', 'data': {'a': 'A' } }");
    }

    @Test
    void structMemberClashesWithBase() {
        assertStrictError("2:41", "member 'x' of struct 'B' clashes with the member of the same name in base 'A'",
                "{ 'struct': 'A', 'data': { 'x': 'int' } }\n{ 'struct': 'B', 'base': 'A', 'data': { 'x': 'str' } }");
    }

    @Test
    void duplicateDefinitionThatDiffers() {
        assertStrictError("2:1", "'E' is already defined differently at t.json:1:1",
                "{ 'enum': 'E', 'data': ['a'] }\n{ 'enum': 'E', 'data': ['b'] }");
        assertStrictError("2:1", "'stop' is already defined differently at t.json:1:1",
                "{ 'command': 'stop' }\n{ 'event': 'stop' }");
    }

    @Test
    void identicalDuplicateIsMerged() {
        QapiSchema schema = strict("{ 'enum': 'E', 'data': ['a'] }\n{ \"enum\": \"E\", \"data\": [\"a\"] }");
        assertEquals(1, schema.definitions().size());
    }

    @Test
    void alternateWithTwoBranchesOfOneJsonType() {
        assertStrictError("2:45", "branches 'n' and 'k' of alternate 'Alt' are both JSON string, so the wire cannot tell them apart",
                "{ 'enum': 'K', 'data': [] }\n{ 'alternate': 'Alt', 'data': { 'n': 'str', 'k': 'K' } }");
        assertStrictError("1:45", "branches 'i' and 'n' of alternate 'Alt' are both JSON number, so the wire cannot tell them apart",
                "{ 'alternate': 'Alt', 'data': { 'i': 'int', 'n': 'number' } }");
    }

    @Test
    void boxedNeedsANamedType() {
        assertStrictError("1:27", "command 'c' is 'boxed', so its 'data' must name an object type",
                "{ 'command': 'c', 'data': { 'a': 'int' }, 'boxed': true }");
    }

    @Test
    void unboxedArgumentsMustBeAStruct() {
        assertStrictError("2:27", "'data' of command 'c' must be a struct (or the command 'boxed'), not enum K",
                "{ 'enum': 'K', 'data': [] }\n{ 'command': 'c', 'data': 'K' }");
    }

    @Test
    void builtinCannotBeRedefined() {
        assertStrictError("1:1", "'int' is a built-in type and cannot be redefined", "{ 'struct': 'int', 'data': {} }");
    }

    @Test
    void implicitNameClash() {
        assertStrictError("1:1", "'UKind' (tag enum of simple union 'U') clashes with enum UKind",
                "{ 'union': 'U', 'data': { 'a': 'int' } }\n{ 'enum': 'UKind', 'data': [] }");
    }

    @Test
    void baseCycle() {
        assertStrictError("1:1", "'A' contains itself through its base or union branches",
                "{ 'struct': 'A', 'base': 'B', 'data': {} }\n{ 'struct': 'B', 'base': 'A', 'data': {} }");
    }
}
