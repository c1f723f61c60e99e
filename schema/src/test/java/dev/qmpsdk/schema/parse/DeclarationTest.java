package dev.qmpsdk.schema.parse;

import static dev.qmpsdk.schema.parse.Schemas.FILE;
import static dev.qmpsdk.schema.parse.Schemas.assertStrictError;
import static dev.qmpsdk.schema.parse.Schemas.lenient;
import static dev.qmpsdk.schema.parse.Schemas.strict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.EnumValue;
import dev.qmpsdk.schema.model.Feature;
import dev.qmpsdk.schema.model.IfCondition;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.SchemaWarning;
import dev.qmpsdk.schema.model.SourceLocation;
import dev.qmpsdk.schema.model.Variant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each spelling of each expression, from QAPI 1.x to current QEMU. */
class DeclarationTest {
    private static IfCondition ifOf(String ifValue) {
        return strict("{ 'enum': 'E', 'data': [], 'if': " + ifValue + " }").type("E").orElseThrow() instanceof EnumType e
                ? e.info().ifCond() : null;
    }

    @Test
    void ifAsString() {
        assertEquals(new IfCondition.Name("defined(CONFIG_X)"), ifOf("'defined(CONFIG_X)'"));
    }

    @Test
    void ifAsListMeansAllOf() {
        assertEquals(new IfCondition.All(List.of(new IfCondition.Name("A"), new IfCondition.Name("B"))), ifOf("['A', 'B']"));
        assertEquals(new IfCondition.Name("A"), ifOf("['A']"));
    }

    @Test
    void ifAsAllAnyNotTree() {
        assertEquals(new IfCondition.Any(List.of(
                        new IfCondition.Name("A"),
                        new IfCondition.All(List.of(new IfCondition.Name("B"), new IfCondition.Not(new IfCondition.Name("C")))))),
                ifOf("{ 'any': [ 'A', { 'all': [ 'B', { 'not': 'C' } ] } ] }"));
    }

    @Test
    void badIfOperatorNamesTheKey() {
        assertStrictError("1:36", "unknown 'if' operator 'or'; expected 'all', 'any' or 'not'",
                "{ 'enum': 'E', 'data': [], 'if': { 'or': [] } }");
    }

    @Test
    void featuresAsStringsAndDicts() {
        QapiSchema schema = strict("{ 'struct': 'S', 'data': {}, 'features': [ 'deprecated', { 'name': 'unstable', 'if': 'X' } ] }");
        ObjectType s = (ObjectType) schema.type("S").orElseThrow();
        assertEquals(List.of(new Feature("deprecated", null), new Feature("unstable", new IfCondition.Name("X"))), s.info().features());
        assertTrue(s.info().isDeprecated());
        assertTrue(s.info().features().get(1).isUnstable());
    }

    @Test
    void memberDictsCarryConditionAndFeatures() {
        ObjectType s = (ObjectType) strict("{ 'struct': 'S', 'data': { '*a': { 'type': 'int', 'if': 'X', 'features': ['deprecated'] },"
                + " 'b': { 'type': ['str'] } } }").type("S").orElseThrow();
        Member a = s.members().get(0);
        assertTrue(a.optional());
        assertEquals("int", a.type().name());
        assertEquals(new IfCondition.Name("X"), a.ifCond());
        assertTrue(a.isDeprecated());
        assertEquals(new SourceLocation(FILE, 1, 28), a.location());
        assertEquals("[str]", s.members().get(1).type().name());
    }

    @Test
    void enumValueDicts() {
        EnumType e = (EnumType) strict("{ 'enum': 'E', 'data': [ 'a', { 'name': 'b', 'if': 'X', 'features': [ 'unstable' ] } ] }")
                .type("E").orElseThrow();
        assertEquals(List.of(new EnumValue("a", null, List.of(), null),
                new EnumValue("b", new IfCondition.Name("X"), List.of(new Feature("unstable", null)), null)), e.values());
    }

    @Test
    void unknownKeyIsAnErrorNamingTheAllowedKeys() {
        assertStrictError("1:29", "unknown key 'returns' in event 'E'; allowed keys: boxed, data, event, features, if"
                + " (accepted only in lenient mode)", "{ 'event': 'E', 'data': {}, 'returns': 'int' }");
    }

    @Test
    void unknownKeyIsAWarningWhenLenient() {
        QapiSchema schema = lenient("{ 'enum': 'E', 'data': [ { 'name': 'a', 'colour': 'red' } ] }");
        assertEquals(List.of(new SchemaWarning(new SourceLocation(FILE, 1, 41),
                "unknown key 'colour' in enum value; allowed keys: features, if, name")), schema.warnings());
    }

    @Test
    void legacyTypeGenNoAndOptionalKey() {
        QapiSchema schema = strict("{ 'type': 'T', 'data': { 'a': { 'type': 'str', 'optional': true } } }\n"
                + "{ 'command': 'c', 'data': { 'x': 'T' }, 'gen': 'no' }");
        ObjectType t = (ObjectType) schema.type("T").orElseThrow();
        assertEquals(ObjectType.Kind.STRUCT, t.kind());
        assertTrue(t.members().get(0).optional());
        assertFalse(schema.command("c").orElseThrow().gen());
    }

    @Test
    void nestedAnonymousStructsGetDottedNames() {
        QapiSchema schema = strict("##\n# @T:\n# @a.b.c: deep\n##\n"
                + "{ 'type': 'T', 'data': { 'a': { 'b': { 'c': 'int' }, 'd': 'str' } } }");
        ObjectType a = (ObjectType) ((ObjectType) schema.type("T").orElseThrow()).members().get(0).type();
        assertEquals("q_obj_T-a-nested", a.name());
        ObjectType b = (ObjectType) a.members().get(0).type();
        assertEquals("q_obj_T-a.b-nested", b.name());
        assertEquals("T", b.owner());
        assertEquals("a.b", b.ownerPart());
        assertEquals("deep", b.members().get(0).doc());
    }

    @Test
    void simpleUnionWrappersAreSharedPerBranchType() {
        QapiSchema schema = strict("{ 'struct': 'S', 'data': {} }\n"
                + "##\n# @U:\n# @one: the first\n##\n"
                + "{ 'union': 'U', 'data': { 'one': 'S', 'two': { 'type': 'S', 'if': 'X' }, 'many': ['str'] } }\n"
                + "{ 'union': 'V', 'data': { 'again': 'S' } }");
        ObjectType u = (ObjectType) schema.type("U").orElseThrow();
        assertEquals(ObjectType.Kind.SIMPLE_UNION, u.kind());
        EnumType kind = (EnumType) schema.type("UKind").orElseThrow();
        assertTrue(kind.isImplicit());
        assertEquals(List.of(new EnumValue("one", null, List.of(), "the first"),
                new EnumValue("two", new IfCondition.Name("X"), List.of(), null),
                new EnumValue("many", null, List.of(), null)), kind.values());
        assertEquals(List.of(new Member("type", kind, false, null, List.of(), new SourceLocation(FILE, 6, 1), null)), u.localMembers());
        assertSame(u.localMembers().get(0), u.variants().tag());

        List<Variant> variants = u.variants().variants();
        ObjectType wrapper = (ObjectType) variants.get(0).type();
        assertEquals("q_obj_S-wrapper", wrapper.name());
        assertEquals("U", wrapper.owner());
        assertEquals("one", wrapper.ownerPart(), "owned by the first branch that needed it");
        assertSame(wrapper, variants.get(1).type());
        assertEquals(new IfCondition.Name("X"), variants.get(1).ifCond());
        assertSame(wrapper, ((ObjectType) schema.type("V").orElseThrow()).variants().variants().get(0).type());
        assertEquals("q_obj_strList-wrapper", variants.get(2).type().name());
        assertEquals("[str]", ((ObjectType) variants.get(2).type()).members().get(0).type().name());
        assertSame(schema.type("S").orElseThrow(), wrapper.members().get(0).type());
        assertEquals("data", wrapper.members().get(0).name());
    }

    @Test
    void flatUnionWithNamedBase() {
        QapiSchema schema = strict("{ 'enum': 'K', 'data': ['a', 'b'] }\n"
                + "{ 'struct': 'Base', 'data': { 'kind': 'K' } }\n"
                + "{ 'struct': 'A', 'data': { 'x': 'int' } }\n"
                + "{ 'union': 'U', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'A' } }");
        ObjectType u = (ObjectType) schema.type("U").orElseThrow();
        assertSame(schema.type("Base").orElseThrow(), u.base());
        assertEquals("kind", u.variants().tag().name());
        assertEquals(List.of("kind"), u.members().stream().map(Member::name).toList());
    }

    @Test
    void anonymousUnionOfQemu17IsAnAlternate() {
        QapiSchema schema = strict("{ 'struct': 'S', 'data': {} }\n"
                + "{ 'union': 'A', 'discriminator': {}, 'data': { 'ref': 'str', 'def': 'S' } }");
        AlternateType a = (AlternateType) schema.type("A").orElseThrow();
        assertEquals(2, a.alternatives().size());
    }

    @Test
    void emptyArgumentsMakeNoImplicitType() {
        assertNull(strict("{ 'command': 'c', 'data': {} }").command("c").orElseThrow().arguments());
    }

    @Test
    void structBaseMembersComeFirst() {
        ObjectType d = (ObjectType) strict("{ 'struct': 'B', 'data': { 'b': 'int' } }\n"
                + "{ 'struct': 'D', 'base': 'B', 'data': { 'd': 'int' } }").type("D").orElseThrow();
        assertEquals(List.of("b", "d"), d.members().stream().map(Member::name).toList());
        assertEquals(List.of("d"), d.localMembers().stream().map(Member::name).toList());
    }
}
