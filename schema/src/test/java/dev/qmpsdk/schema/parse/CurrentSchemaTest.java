package dev.qmpsdk.schema.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.ArrayType;
import dev.qmpsdk.schema.model.Builtin;
import dev.qmpsdk.schema.model.BuiltinType;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Definition;
import dev.qmpsdk.schema.model.Doc;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.EnumValue;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.Feature;
import dev.qmpsdk.schema.model.IfCondition;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.Variant;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads {@code src/test/resources/current/} (current QEMU syntax, three include levels) from disk. */
class CurrentSchemaTest {
    private static final IfCondition A = new IfCondition.Name("CONFIG_A");
    private static final IfCondition B = new IfCondition.Name("CONFIG_B");

    private static QapiSchema schema;

    @BeforeAll
    static void load() throws URISyntaxException {
        schema = QapiSchemaLoader.load(Path.of(CurrentSchemaTest.class.getResource("/current/qapi-schema.json").toURI()));
    }

    @Test
    void readsEachModuleOnceInIncludeOrder() {
        assertEquals(List.of("qapi-schema.json", "sub/a.json", "sub/common.json", "sub/b.json"), schema.modules());
        assertEquals(List.of("Color", "ShapeKind", "Thing", "Circle", "Square", "Shape", "ThingRef",
                "query-thing", "set-shape", "guest-sync", "THING_CHANGED", "SHAPE_SET"),
                schema.definitions().stream().map(Definition::name).toList());
        assertTrue(schema.warnings().isEmpty());
    }

    @Test
    void mergesPragmas() {
        assertEquals(Map.of("doc-required", true, "command-name-exceptions", List.of("guest-sync")), schema.pragmas());
    }

    @Test
    void enumWithValueDictsConditionsFeaturesAndDocs() {
        EnumType color = (EnumType) schema.type("Color").orElseThrow();
        assertEquals("sub/common.json", color.info().module());
        assertEquals("Common types", color.info().section());
        assertEquals("COLOR", color.prefix());
        assertFalse(color.isImplicit());
        assertEquals("1.0", color.info().doc().since().orElseThrow());
        List<EnumValue> values = color.values();
        assertEquals(new EnumValue("red", null, List.of(), "the red one"), values.get(0));
        assertEquals(new EnumValue("infrared", new IfCondition.Name("CONFIG_IR"), List.of(new Feature("unstable", null)),
                "invisible,\nbut warm"), values.get(1));
        assertTrue(values.get(2).isDeprecated());
    }

    @Test
    void structWithMemberDictsRecursionAndConditionalFeature() {
        ObjectType thing = (ObjectType) schema.type("Thing").orElseThrow();
        assertEquals(ObjectType.Kind.STRUCT, thing.kind());
        assertEquals("sub/a.json", thing.info().module());
        assertEquals("Things", thing.info().section());
        assertTrue(thing.info().location().file().endsWith("a.json"));
        assertEquals(18, thing.info().location().line());
        assertEquals(1, thing.info().location().column());
        assertEquals(List.of(new Feature("deprecated", new IfCondition.Name("CONFIG_OLD"))), thing.info().features());
        assertTrue(thing.info().isDeprecated());

        List<Member> members = thing.members();
        assertEquals("name", members.get(0).name());
        assertEquals(new BuiltinType(Builtin.STR), members.get(0).type());
        assertEquals("its name", members.get(0).doc());
        Member color = members.get(1);
        assertTrue(color.optional());
        assertSame(schema.type("Color").orElseThrow(), color.type());
        assertEquals(new IfCondition.All(List.of(A, new IfCondition.Name("CONFIG_C"))), color.ifCond());
        Member children = members.get(2);
        assertSame(thing, ((ArrayType) children.type()).element());
        assertEquals("things below it", children.doc());
    }

    @Test
    void flatUnionWithInlineBaseAndBranchDict() {
        ObjectType shape = (ObjectType) schema.type("Shape").orElseThrow();
        assertEquals(ObjectType.Kind.FLAT_UNION, shape.kind());
        assertEquals("sub/b.json", shape.info().module());
        assertNull(shape.info().section(), "sub/b.json has no heading of its own");

        ObjectType base = shape.base();
        assertEquals("q_obj_Shape-base", base.name());
        assertEquals(ObjectType.Kind.UNION_BASE, base.kind());
        assertEquals("Shape", base.owner());
        assertSame(base, schema.type("q_obj_Shape-base").orElseThrow());
        assertEquals(List.of("kind", "id"), shape.members().stream().map(Member::name).toList());
        assertEquals("which shape", base.members().get(0).doc());
        assertTrue(shape.localMembers().isEmpty());

        assertSame(base.members().get(0), shape.variants().tag());
        List<Variant> variants = shape.variants().variants();
        assertEquals(2, variants.size(), "'blob' has no branch, which is allowed");
        assertEquals("circle", variants.get(0).name());
        assertSame(schema.type("Circle").orElseThrow(), variants.get(0).type());
        assertNull(variants.get(0).ifCond());
        assertEquals("square", variants.get(1).name());
        assertSame(schema.type("Square").orElseThrow(), variants.get(1).type());
        assertEquals(new IfCondition.Name("CONFIG_SQUARE"), variants.get(1).ifCond());
    }

    @Test
    void alternateWithNullBranch() {
        AlternateType ref = schema.alternates().get(0);
        assertEquals("ThingRef", ref.name());
        List<Variant> alternatives = ref.alternatives();
        assertEquals(List.of("name", "thing", "none"), alternatives.stream().map(Variant::name).toList());
        assertEquals(new BuiltinType(Builtin.STR), alternatives.get(0).type());
        assertSame(schema.type("Thing").orElseThrow(), alternatives.get(1).type());
        assertEquals(new BuiltinType(Builtin.NULL), alternatives.get(2).type());
    }

    @Test
    void commandWithEveryFlagAndImplicitArguments() {
        Command query = schema.command("query-thing").orElseThrow();
        assertTrue(query.allowOob());
        assertTrue(query.allowPreconfig());
        assertTrue(query.coroutine());
        assertTrue(query.gen());
        assertTrue(query.successResponse());
        assertFalse(query.boxed());
        assertSame(schema.type("Thing").orElseThrow(), query.returns());
        assertEquals(new IfCondition.All(List.of(A, new IfCondition.Not(B))), query.info().ifCond());
        assertTrue(query.info().features().get(0).isUnstable());
        assertEquals("Main section", query.info().section());
        assertEquals("qapi-schema.json", query.info().module());

        ObjectType arguments = query.arguments();
        assertEquals("q_obj_query-thing-arg", arguments.name());
        assertEquals(ObjectType.Kind.COMMAND_ARGUMENTS, arguments.kind());
        assertEquals("query-thing", arguments.owner());
        assertEquals(query.info().ifCond(), arguments.info().ifCond(), "implicit types share their owner's condition");
        assertEquals("which thing", arguments.members().get(0).doc());
        Member verbose = arguments.members().get(1);
        assertTrue(verbose.optional());
        assertTrue(verbose.isDeprecated());
        assertEquals("say more", verbose.doc());
    }

    @Test
    void commandDocIsSplitIntoParts() {
        Doc doc = schema.command("query-thing").orElseThrow().info().doc();
        assertEquals("query-thing", doc.symbol());
        assertEquals("Queries the thing.", doc.body());
        assertEquals(Map.of("id", "which thing", "verbose", "say more"), doc.members());
        assertEquals(Map.of("unstable", "still changing"), doc.features());
        assertEquals("the @Thing", doc.returns().orElseThrow());
        assertEquals("7.0", doc.since().orElseThrow());
        assertEquals(List.of("-> { \"execute\": \"query-thing\", \"arguments\": { \"id\": \"x\" } }\n"
                + "<- { \"return\": { \"name\": \"x\" } }"), doc.examples());
    }

    @Test
    void boxedCommandAndEventTakeTheUnionWhole() {
        Command set = schema.command("set-shape").orElseThrow();
        assertTrue(set.boxed());
        assertSame(schema.type("Shape").orElseThrow(), set.arguments());
        assertEquals(new IfCondition.Any(List.of(A, B)), set.info().ifCond());
        Event shapeSet = schema.event("SHAPE_SET").orElseThrow();
        assertTrue(shapeSet.boxed());
        assertSame(schema.type("Shape").orElseThrow(), shapeSet.data());
    }

    @Test
    void doubleQuotedCommandWithoutSuccessResponse() {
        Command sync = schema.command("guest-sync").orElseThrow();
        assertFalse(sync.successResponse());
        assertFalse(sync.gen());
        assertEquals("[Thing]", sync.returns().name());
        assertNull(sync.info().doc());
    }

    @Test
    void eventWithImplicitData() {
        Event changed = schema.event("THING_CHANGED").orElseThrow();
        assertEquals(A, changed.info().ifCond());
        ObjectType data = changed.data();
        assertEquals("q_obj_THING_CHANGED-arg", data.name());
        assertEquals(ObjectType.Kind.EVENT_DATA, data.kind());
        assertEquals("THING_CHANGED", data.owner());
        assertEquals("the new thing", data.members().get(0).doc());
        assertEquals(List.of("q_obj_Shape-base", "q_obj_query-thing-arg", "q_obj_guest-sync-arg", "q_obj_THING_CHANGED-arg"),
                schema.implicitObjectTypes().stream().map(ObjectType::name).toList());
    }
}
