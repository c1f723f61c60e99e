package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.qmpsdk.schema.model.Member;
import dev.qmpsdk.schema.model.ObjectType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;
import org.jspecify.annotations.Nullable;

/**
 * The code every object-shaped generated class shares: fields, accessors, a builder, the member loop that
 * reads it from JSON, the code that writes it, and equals/hashCode/toString. A member can be "fixed" (a
 * flat-union branch's discriminator): it is written with a constant value and has no field or setter.
 */
final class MembersCode {
    private final TypeMapper types;
    private final String qapiName;
    private final ClassName owner;
    private final List<Member> members;
    private final Map<Member, String> names;
    private final @Nullable Member fixed;
    private final @Nullable CodeBlock fixedValue;
    private final boolean additional;
    private final @Nullable Member flattened;
    /** For a union branch: the union's name and this branch's discriminator value, checked when met. */
    private final @Nullable String unionName;
    private final @Nullable String branchValue;
    /** The {@code hasX()} names of the required members (see {@link #withPresenceNames}). */
    private final Map<Member, String> presence;

    MembersCode(TypeMapper types, String qapiName, ClassName owner, List<Member> members, Map<Member, String> names,
            @Nullable Member fixed, @Nullable CodeBlock fixedValue) {
        this(types, qapiName, owner, members, names, fixed, fixedValue, null, null, null, false, Map.of());
    }

    /**
     * A union branch's members.
     *
     * @param fixed the discriminator, whose value is {@code fixedValue} (a constant) and {@code branchValue} on the wire
     * @param flattened a member (one of {@code members}) whose value is an object whose members sit in this
     *     object on the wire, not under a name of their own: a union branch whose type is itself a union
     *     ({@code MigrationAddress} branch {@code socket} is a {@code SocketAddress}). Every wire member the
     *     others do not claim goes to it.
     */
    MembersCode(TypeMapper types, String qapiName, ClassName owner, List<Member> members, Map<Member, String> names,
            Member fixed, CodeBlock fixedValue, String unionName, String branchValue, @Nullable Member flattened) {
        this(types, qapiName, owner, members, names, fixed, fixedValue, unionName, branchValue, flattened, false, Map.of());
    }

    private MembersCode(TypeMapper types, String qapiName, ClassName owner, List<Member> members, Map<Member, String> names,
            @Nullable Member fixed, @Nullable CodeBlock fixedValue, @Nullable String unionName, @Nullable String branchValue,
            @Nullable Member flattened, boolean additional, Map<Member, String> presetPresence) {
        this.flattened = flattened;
        this.unionName = unionName;
        this.branchValue = branchValue;
        this.types = types;
        this.qapiName = qapiName;
        this.owner = owner;
        this.members = List.copyOf(members);
        this.names = new LinkedHashMap<>(names);
        this.fixed = fixed;
        this.fixedValue = fixedValue;
        this.additional = additional;
        this.presence = NamePlan.presenceNames(required(), this.names, presetPresence, List.of());
    }

    /**
     * The same members, plus {@value #ADDITIONAL}: members the schema does not declare, kept in order as JSON
     * trees, read and written after the declared ones. For the arguments of {@code 'gen': false} commands
     * ({@code device_add}, {@code netdev_add}), whose declared members are only the common ones: QEMU takes
     * the rest ("additional arguments depend on the type"), so strict decoding must not reject them and
     * callers must be able to send them.
     */
    MembersCode withAdditionalMembers() {
        return new MembersCode(types, qapiName, owner, members, names, fixed, fixedValue, unionName, branchValue, flattened, true, presence);
    }

    /**
     * The same members, their {@code hasX()} methods named as given (where given): a union's branches and
     * {@code Base} answer to the names the union's interface declares.
     */
    MembersCode withPresenceNames(Map<Member, String> preset) {
        return new MembersCode(types, qapiName, owner, members, names, fixed, fixedValue, unionName, branchValue, flattened, additional, preset);
    }

    /**
     * The field, its builder's twin and the accessor (for generated readers and {@code toString}) that record what
     * a decoded value lacks: a {@link Runtime#MISSING_MEMBERS}, null when every member arrived as the schema
     * says. The underscore keeps it clear of schema names.
     */
    static final String MISSING = "_missing";

    /**
     * Required members that have a field: the ones a server may leave out. Not the discriminator (it chose the
     * branch) nor a flattened union (its members are read from whatever the others leave).
     */
    List<Member> required() {
        List<Member> out = new ArrayList<>();
        for (Member m : fields()) {
            if (!m.optional() && m != flattened) {
                out.add(m);
            }
        }
        return out;
    }

    /** The {@code hasX()} method name of required member {@code m}. */
    String presenceName(Member m) {
        return Objects.requireNonNull(presence.get(m), m::name);
    }

    /** The QAPI name errors and messages use for this class. */
    String qapiName() {
        return qapiName;
    }

    /**
     * Whether the flattened member is a struct the branch embeds (read in the same pass, member by member, through
     * the struct's {@code _readMember}), rather than a union (whose members are gathered as a tree first).
     */
    private boolean embedded() {
        return flattened != null && !((ObjectType) flattened.type()).isUnion();
    }

    /** The embedded struct's class. */
    private ClassName embeddedClass() {
        return (ClassName) types.required(Objects.requireNonNull(flattened).type());
    }

    /** Declares {@code rest}: where the members nobody else claims go (the embedded struct's builder, or a tree). */
    private CodeBlock declareRest() {
        if (embedded()) {
            return CodeBlock.builder().addStatement("$T rest = $T.builder()", embeddedClass().nestedClass("Builder"), embeddedClass()).build();
        }
        return CodeBlock.builder().addStatement("$T rest = $T.TREE_MAPPER.createObjectNode()", Runtime.OBJECT_NODE, Runtime.QAPI_JSON).build();
    }

    /** Whether the member's type is an object (struct or union), which a newer server may widen to an alternate. */
    private boolean objectTyped(Member m) {
        return m.type() instanceof ObjectType && m != flattened;
    }

    /** Whether the member can be missing from a decoded value: required, or of an object type. */
    private boolean mayBeMissing(Member m) {
        return presence.containsKey(m) || objectTyped(m);
    }

    /** Whether values of this class record missing members at all (else they have no {@value #MISSING} field). */
    boolean tracksMissing() {
        return fields().stream().anyMatch(this::mayBeMissing);
    }

    /** The field, accessor and builder methods of additional members; the underscore keeps it clear of schema names. */
    static final String ADDITIONAL = "_additionalMembers";

    private static final ParameterizedTypeName ADDITIONAL_TYPE =
            ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class), Runtime.JSON_NODE);

    /** Members that have a field (all but the fixed one). */
    List<Member> fields() {
        List<Member> out = new ArrayList<>();
        for (Member m : members) {
            if (m != fixed) {
                out.add(m);
            }
        }
        return out;
    }

    String name(Member m) {
        return Objects.requireNonNull(names.get(m), m::name);
    }

    private TypeName fieldType(Member m) {
        return m.optional() ? types.nullable(m.type()) : types.required(m.type());
    }

    TypeName accessorType(Member m) {
        if (m.optional() && TypeMapper.isList(m.type())) {
            return types.required(m.type());
        }
        return fieldType(m);
    }

    private boolean isPrimitive(Member m) {
        return types.required(m.type()).isPrimitive();
    }

    /** Private final fields and public accessors, plus a constructor from the builder. */
    void addFieldsAndAccessors(TypeSpec.Builder cls, ClassName builder, Consumer<MethodSpec.Builder> constructorPrefix) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).addParameter(builder, "b");
        constructorPrefix.accept(ctor);
        for (Member m : fields()) {
            String n = name(m);
            cls.addField(FieldSpec.builder(fieldType(m), n, Modifier.PRIVATE, Modifier.FINAL).build());
            ctor.addStatement("this.$L = b.$L", n, n);
            MethodSpec.Builder get = MethodSpec.methodBuilder(n).addModifiers(Modifier.PUBLIC).returns(accessorType(m));
            String doc = Javadocs.forMember(m.doc()) + Javadocs.availability(m.ifCond(), m.features());
            String wire = m == flattened
                    ? "<p>Its members are this object's own on the wire (not nested under a name).\n"
                    : "<p>Wire name {@code " + m.name() + "}" + (m.optional() ? ", optional" : "")
                            + (m.optional() && TypeMapper.isList(m.type()) ? " (an empty list when absent)" : "") + ".\n";
            get.addJavadoc("$L", doc + wire);
            if (presence.containsKey(m)) {
                get.addJavadoc("@throws $T when the server did not send it (see {@link #$L()})\n", Runtime.MISSING_MEMBER_EXCEPTION, presenceName(m));
            } else if (objectTyped(m)) {
                get.addJavadoc("@throws $T when the server sent another kind of value than an object (a newer QEMU widened its type)\n",
                        Runtime.MISSING_MEMBER_EXCEPTION);
            }
            if (m.isDeprecated()) {
                get.addAnnotation(Deprecated.class);
            }
            if (mayBeMissing(m)) {
                get.beginControlFlow("if ($L != null)", MISSING)
                        .addStatement("$L.check($S, $L)", MISSING, m.name(),
                                presence.containsKey(m) ? CodeBlock.of("$S", presenceName(m)) : CodeBlock.of("null"))
                        .endControlFlow();
            }
            if (m.optional() && TypeMapper.isList(m.type())) {
                get.addStatement("return $L == null ? $T.of() : $L", n, List.class, n);
            } else {
                get.addStatement("return $L", n);
            }
            cls.addMethod(get.build());
            if (presence.containsKey(m)) {
                cls.addMethod(presenceMethod(m, Modifier.PUBLIC).addStatement("return $L == null || !$L.contains($S)", MISSING, MISSING, m.name()).build());
            }
        }
        if (tracksMissing()) {
            cls.addField(FieldSpec.builder(TypeMapper.annotateNullable(Runtime.MISSING_MEMBERS), MISSING, Modifier.PRIVATE, Modifier.FINAL).build());
            ctor.addStatement("this.$L = b.$L", MISSING, MISSING);
        }
        if (additional) {
            cls.addField(FieldSpec.builder(ADDITIONAL_TYPE, ADDITIONAL, Modifier.PRIVATE, Modifier.FINAL).build());
            ctor.addStatement("this.$L = $T.unmodifiableMap(new $T<>(b.$L))", ADDITIONAL, Collections.class, LinkedHashMap.class, ADDITIONAL);
            cls.addMethod(MethodSpec.methodBuilder(ADDITIONAL).addModifiers(Modifier.PUBLIC).returns(ADDITIONAL_TYPE)
                    .addJavadoc("Members beyond the schema's (QEMU takes them for this command), by wire name, in order; never null.\n")
                    .addStatement("return $L", ADDITIONAL).build());
        }
        cls.addMethod(ctor.build());
    }

    /**
     * The {@code hasX()} method of required member {@code m}, without a body: the interface of a union declares
     * it for its base members.
     */
    MethodSpec.Builder presenceMethod(Member m, Modifier... modifiers) {
        return MethodSpec.methodBuilder(presenceName(m)).addModifiers(modifiers).returns(TypeName.BOOLEAN)
                .addJavadoc("Whether {@code $L} arrived: always true for a value built here; false for a value decoded (in\n"
                        + "tolerant mode) from a server that left it out or sent another kind of value, as a QEMU newer than\n"
                        + "the schema may. The accessor then throws {@code QmpMissingMemberException}.\n", m.name());
    }

    /** The nested {@code Builder} class with one setter per field and a checking {@code build()}. */
    TypeSpec builder(ClassName builder, @Nullable CodeBlock extraBuildChecks, List<FieldSpec> extraFields, List<MethodSpec> extraMethods) {
        TypeSpec.Builder b = TypeSpec.classBuilder(builder.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Builds {@link $T}; required members are checked by {@link #build()}.\n", owner);
        b.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        b.addFields(extraFields);
        if (tracksMissing()) {
            b.addField(FieldSpec.builder(TypeMapper.annotateNullable(Runtime.MISSING_MEMBERS), MISSING, Modifier.PRIVATE)
                    .addJavadoc("What a decoder found missing; never set by a user, so {@link #build()} requires every required member.\n")
                    .build());
        }
        b.addMethods(extraMethods);
        if (additional) {
            b.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(LinkedHashMap.class), ClassName.get(String.class), Runtime.JSON_NODE),
                    ADDITIONAL, Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", LinkedHashMap.class).build());
            MethodSpec.Builder one = MethodSpec.methodBuilder("_additionalMember").addModifiers(Modifier.PUBLIC).returns(builder)
                    .addParameter(String.class, "name").addParameter(TypeMapper.annotateNullable(Runtime.JSON_NODE), "value")
                    .addJavadoc("Adds a member the schema does not declare (e.g. a device property); null removes it.\n"
                            + "@throws IllegalArgumentException when {@code name} is a declared member: use its setter\n");
            one.addStatement("$T.requireNonNull(name, $S)", Objects.class, "name");
            if (!members.isEmpty()) {
                List<String> declared = new ArrayList<>();
                members.forEach(m -> declared.add(CodeBlock.of("name.equals($S)", m.name()).toString()));
                one.beginControlFlow("if ($L)", String.join(" || ", declared))
                        .addStatement("throw new $T($S + name + $S)", IllegalArgumentException.class,
                                qapiName + ": '", "' is a declared member, not an additional one")
                        .endControlFlow();
            }
            one.beginControlFlow("if (value == null)").addStatement("$L.remove(name)", ADDITIONAL)
                    .nextControlFlow("else").addStatement("$L.put(name, value)", ADDITIONAL).endControlFlow();
            b.addMethod(one.addStatement("return this").build());
        }
        for (Member m : fields()) {
            String n = name(m);
            b.addField(FieldSpec.builder(types.nullable(m.type()), n, Modifier.PRIVATE).build());
            TypeName param = m.optional() ? types.nullable(m.type()) : types.required(m.type());
            MethodSpec.Builder set = MethodSpec.methodBuilder(n).addModifiers(Modifier.PUBLIC).returns(builder)
                    .addParameter(ParameterSpec.builder(param, n).build());
            String doc = Javadocs.forMember(m.doc()) + Javadocs.availability(m.ifCond(), m.features());
            set.addJavadoc("$L", doc + (m.optional() ? "<p>Optional; null leaves it out.\n" : "<p>Required.\n"));
            if (m.isDeprecated()) {
                set.addAnnotation(Deprecated.class);
            }
            String where = qapiName + "." + m.name();
            if (TypeMapper.isList(m.type())) {
                set.addStatement(m.optional() ? "this.$L = $L == null ? null : $T.copyOf($L)" : "this.$L = $T.copyOf($T.requireNonNull($L, $S))",
                        m.optional() ? new Object[] {n, n, List.class, n} : new Object[] {n, List.class, Objects.class, n, where});
            } else if (TypeMapper.needsRangeCheck(m.type())) {
                if (m.optional()) {
                    set.addStatement("this.$L = $L == null ? null : $T.$L.check($L, $S)", n, n, Runtime.INT_KIND, TypeMapper.intKind(m.type()), n, where);
                } else {
                    set.addStatement("this.$L = $T.$L.check($L, $S)", n, Runtime.INT_KIND, TypeMapper.intKind(m.type()), n, where);
                }
            } else if (m.optional() || isPrimitive(m)) {
                set.addStatement("this.$L = $L", n, n);
            } else {
                set.addStatement("this.$L = $T.requireNonNull($L, $S)", n, Objects.class, n, where);
            }
            b.addMethod(set.addStatement("return this").build());
            if (m == flattened && embedded()) {
                ClassName struct = embeddedClass();
                b.addMethod(MethodSpec.methodBuilder(n).addModifiers(Modifier.PUBLIC).returns(builder)
                        .addParameter(ParameterizedTypeName.get(ClassName.get(Consumer.class), struct.nestedClass("Builder")), "spec")
                        .addJavadoc("Sets {@code $L} to the {@link $T} that {@code spec} builds: {@code $L(d -> d...)}.\n", n, struct, n)
                        .addStatement("return $L($T.of(spec))", n, struct).build());
            }
        }
        MethodSpec.Builder build = MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(owner)
                .addJavadoc("@throws IllegalStateException when a required member is not set\n");
        for (Member m : fields()) {
            if (m == flattened && embedded()) {
                // Unset means "no members of its own": fine when they are all optional, else its builder names the first missing one.
                build.beginControlFlow("if ($L == null)", name(m))
                        .addStatement("$L = $T.builder().build()", name(m), embeddedClass())
                        .endControlFlow();
            } else if (!m.optional()) {
                build.beginControlFlow("if ($L == null)", name(m))
                        .addStatement("throw new $T($S)", IllegalStateException.class,
                                qapiName + ": required member '" + m.name() + "' (" + name(m) + ") is not set")
                        .endControlFlow();
            }
        }
        if (extraBuildChecks != null) {
            build.addCode(extraBuildChecks);
        }
        build.addStatement("return new $T(this)", owner);
        b.addMethod(build.build());
        return b.build();
    }

    /**
     * Statements that copy every field into builder variable {@code b} (for {@code toBuilder()}). A member that
     * a decoded value lacks stays unset (it holds null, or a placeholder where the field is primitive), so that
     * {@code build()} asks for it instead of inventing a value.
     */
    CodeBlock copyToBuilder(String b) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (Member m : fields()) {
            code.addStatement("$L.$L = this.$L", b, name(m), name(m));
        }
        List<Member> primitives = required().stream().filter(this::isPrimitive).toList();
        if (!primitives.isEmpty()) {
            code.beginControlFlow("if ($L != null)", MISSING);
            code.add("// Not sent by the server: unset, for build() to ask for (the field holds a placeholder).\n");
            for (Member m : primitives) {
                code.beginControlFlow("if (!$L())", presenceName(m)).addStatement("$L.$L = null", b, name(m)).endControlFlow();
            }
            code.endControlFlow();
        }
        if (additional) {
            code.addStatement("$L.$L.putAll(this.$L)", b, ADDITIONAL, ADDITIONAL);
        }
        return code.build();
    }

    /**
     * The member loop of {@code _read}: the parser is on START_OBJECT; fills builder {@code b}; then checks
     * required members. {@code ignored} lists wire names that are consumed without being stored.
     */
    CodeBlock readLoop(List<String> ignored) {
        CodeBlock.Builder code = CodeBlock.builder();
        code.add(expectObject());
        if (flattened != null) {
            code.add(declareRest());
        }
        code.add(memberLoop(ignored));
        code.add(readFlattened());
        code.add(requiredChecks());
        return code.build();
    }

    /**
     * {@code _readRest}, the reader a union calls once it knows this branch (from the discriminator, from a
     * look ahead for it, or from a member only this branch has): it reads the members held back before that,
     * then the member the parser is on (if the branch was chosen at a member other than the discriminator),
     * then the rest from the live parser, then checks required members. The union has already put the base
     * members it read into {@code b}. The branch's own {@code _read} calls it with nothing read yet.
     */
    MethodSpec readRestMethod(ClassName builder) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("_readRest").addModifiers(Modifier.STATIC).returns(owner)
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(TypeMapper.annotateNullable(Runtime.BUFFERED_MEMBERS), "held").addParameter(builder, "b")
                .addParameter(TypeMapper.annotateNullable(ClassName.get(String.class)), "current")
                .addParameter(TypeMapper.annotateNullable(ClassName.get(String.class)), "impliedBy")
                .addException(IOException.class)
                .addJavadoc("Reads the rest of a value of this branch into {@code b}: the members in {@code held} (those before\n"
                        + "the branch was known), then member {@code current} whose value {@code p} is on (null when {@code p}\n"
                        + "is on the discriminator's value or on the START_OBJECT), then the others from {@code p}.\n"
                        + "{@code impliedBy} is the member that chose this branch before the discriminator did, if any.\n");
        String restArg = "";
        if (flattened != null) {
            m.addCode(declareRest());
            restArg = ", rest";
        }
        m.beginControlFlow("if (held != null)")
                .beginControlFlow("try ($T hp = held.replay())", Runtime.JSON_PARSER)
                .addStatement("_readMembers(b, hp, ctx.forMembersBufferedIn(p), impliedBy$L)", restArg)
                .endControlFlow()
                .endControlFlow();
        m.beginControlFlow("if (current != null)")
                .addStatement("_readMember(b, current, p, ctx, impliedBy$L)", restArg)
                .endControlFlow();
        m.addStatement("boolean sawDiscriminator = _readMembers(b, p, ctx, impliedBy$L)", restArg);
        // A member only this branch has chose it: the discriminator must still be there (and agree, see _readMember).
        m.beginControlFlow("if (impliedBy != null && !sawDiscriminator)")
                .addStatement("throw ctx.errorAtObject(p, $T.discriminatorProblem($S, $S))", Runtime.QAPI_JSON, unionName,
                        Objects.requireNonNull(fixed).name())
                .endControlFlow();
        m.addCode(readFlattened());
        m.addCode(requiredChecks());
        m.addStatement("return new $T(b)", owner);
        return m.build();
    }

    /**
     * {@code _readMembers}: the member loop of {@link #readRestMethod}, run on the held members and on the live
     * parser; returns whether it met the discriminator.
     */
    MethodSpec readMembersMethod(ClassName builder) {
        MethodSpec.Builder m = readerSignature("_readMembers", builder, false);
        String restArg = flattened != null ? ", rest" : "";
        m.addStatement("boolean sawDiscriminator = false");
        m.beginControlFlow("while (p.nextToken() == $T.FIELD_NAME)", Runtime.JSON_TOKEN)
                .addStatement("String member = p.currentName()")
                .addStatement("p.nextToken()")
                .addStatement("sawDiscriminator |= _readMember(b, member, p, ctx, impliedBy$L)", restArg)
                .endControlFlow();
        return m.addStatement("return sawDiscriminator").build();
    }

    /** {@code _readMember}: reads one member, the parser on its value; returns whether it was the discriminator. */
    MethodSpec readMemberMethod(ClassName builder) {
        return readerSignature("_readMember", builder, true).addCode(memberSwitch(List.of())).addStatement("return false").build();
    }

    private MethodSpec.Builder readerSignature(String name, ClassName builder, boolean oneMember) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.BOOLEAN).addParameter(builder, "b");
        if (oneMember) {
            m.addParameter(String.class, "member");
        }
        m.addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(TypeMapper.annotateNullable(ClassName.get(String.class)), "impliedBy")
                .addException(IOException.class);
        if (embedded()) {
            m.addParameter(embeddedClass().nestedClass("Builder"), "rest");
        } else if (flattened != null) {
            m.addParameter(Runtime.OBJECT_NODE, "rest");
        }
        return m;
    }

    /** Fails unless the parser is on a START_OBJECT, naming this type. */
    CodeBlock expectObject() {
        return CodeBlock.builder().addStatement("$T.expectObject(p, ctx, $S)", Runtime.QAPI_JSON, qapiName).build();
    }

    /** Reads members until the object's END_OBJECT, dispatching on the wire name. */
    private CodeBlock memberLoop(List<String> ignored) {
        CodeBlock.Builder code = CodeBlock.builder();
        code.beginControlFlow("while (p.nextToken() == $T.FIELD_NAME)", Runtime.JSON_TOKEN);
        code.addStatement("String member = p.currentName()");
        code.addStatement("p.nextToken()");
        code.add(memberSwitch(ignored));
        code.endControlFlow();
        return code.build();
    }

    /**
     * {@code _readMember} of a struct a union branch embeds: reads member {@code member} (the parser on its value)
     * into {@code b}, or returns false when this struct has no such member.
     */
    MethodSpec readOneMemberMethod(ClassName builder) {
        return MethodSpec.methodBuilder("_readMember").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(TypeName.BOOLEAN)
                .addParameter(builder, "b").addParameter(String.class, "member")
                .addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx").addException(IOException.class)
                .addJavadoc("Reads member {@code member} (the parser on its value) into {@code b}; false when this type has no\n"
                        + "such member. For generated code: a union branch that embeds this type reads its members with it.\n")
                .addCode(fields().isEmpty()
                        ? CodeBlock.builder().addStatement("return false").build()
                        : CodeBlock.builder().add(memberSwitch(List.of(), CodeBlock.builder().add("default -> {\n$>").addStatement("return false").add("$<}\n").build()))
                                .addStatement("return true").build())
                .build();
    }

    /** {@code _finishRead} of a struct a union branch embeds: the required-member checks, then the value. */
    MethodSpec finishReadMethod(ClassName builder) {
        return MethodSpec.methodBuilder("_finishRead").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(owner)
                .addParameter(builder, "b").addParameter(Runtime.JSON_PARSER, "p").addParameter(Runtime.DECODE_CONTEXT, "ctx")
                .addParameter(String.class, "typeName")
                .addException(IOException.class)
                .addJavadoc("The value read into {@code b}, each required member it lacks recorded as missing (tolerant mode;\n"
                        + "strict mode throws, naming {@code typeName}: this type, or the union branch that embeds it); {@code p}\n"
                        + "is on the object's END_OBJECT. For generated code.\n")
                .addCode(requiredChecks(CodeBlock.of("typeName"))).addStatement("return new $T(b)", owner).build();
    }

    /** The switch on wire name {@code member} that reads its value (the parser is on it) into builder {@code b}. */
    private CodeBlock memberSwitch(List<String> ignored) {
        return memberSwitch(ignored, null);
    }

    private CodeBlock memberSwitch(List<String> ignored, @Nullable CodeBlock defaultCase) {
        CodeBlock.Builder code = CodeBlock.builder();
        code.beginControlFlow("switch (member)");
        for (Member m : fields()) {
            if (m == flattened) {
                continue;
            }
            code.add(readCase(m, "b." + name(m)));
        }
        List<String> skip = new ArrayList<>(ignored);
        if (fixed != null && branchValue != null) {
            code.add("case $S -> {\n$>", fixed.name())
                    .addStatement("$T.checkDiscriminator(p, ctx, $S, $S, $S, impliedBy)", Runtime.QAPI_JSON, unionName, fixed.name(), branchValue)
                    .addStatement("return true")
                    .add("$<}\n");
        } else if (fixed != null) {
            skip.add(fixed.name());
        }
        for (String wire : skip) {
            code.addStatement("case $S -> p.skipChildren()", wire);
        }
        if (defaultCase != null) {
            code.add(defaultCase);
        } else if (embedded()) {
            code.add("default -> {\n$>")
                    .beginControlFlow("if (!$T._readMember(rest, member, p, ctx))", embeddedClass())
                    .addStatement("ctx.unknownMember(p, $S, member)", qapiName)
                    .endControlFlow()
                    .add("$<}\n");
        } else if (flattened != null) {
            code.addStatement("default -> rest.set(member, $T.readAny(p, ctx))", Runtime.QAPI_JSON);
        } else if (additional) {
            code.addStatement("default -> b.$L.put(member, $T.readAny(p, ctx))", ADDITIONAL, Runtime.QAPI_JSON);
        } else {
            code.addStatement("default -> ctx.unknownMember(p, $S, member)", qapiName);
        }
        code.endControlFlow();
        return code.build();
    }

    /**
     * The {@code case} of a switch on the wire name that reads member {@code m} (the parser on its value) into
     * {@code target}; an optional member sent as null is left unset.
     */
    CodeBlock readCase(Member m, String target) {
        return readCase(m, target, true);
    }

    /**
     * @param keepOtherKinds whether a member of an object type that arrives as another kind of JSON value is kept
     *     raw in builder {@code b}'s {@value #MISSING} (tolerant mode) rather than failing: false where there is
     *     no builder (a union's base members read before its discriminator)
     */
    CodeBlock readCase(Member m, String target, boolean keepOtherKinds) {
        CodeBlock read = types.read(m.type(), "p", "ctx", 0);
        if (keepOtherKinds && objectTyped(m)) {
            CodeBlock.Builder code = CodeBlock.builder().add("case $S -> {\n$>", m.name())
                    .beginControlFlow("if (p.currentToken() == $T.START_OBJECT)", Runtime.JSON_TOKEN)
                    .addStatement("$L = $L", target, read);
            if (m.optional()) {
                code.nextControlFlow("else if (p.currentToken() != $T.VALUE_NULL)", Runtime.JSON_TOKEN);
            } else {
                code.nextControlFlow("else");
            }
            return code.addStatement("b.$L = ctx.unexpectedKind(p, $S, $S, $S, b.$L)", MISSING, qapiName, m.name(), m.type().name(), MISSING)
                    .endControlFlow()
                    .add("$<}\n").build();
        }
        if (m.optional() && !TypeMapper.acceptsNull(m.type())) {
            return CodeBlock.builder().add("case $S -> {\n$>", m.name())
                    .beginControlFlow("if (p.currentToken() != $T.VALUE_NULL)", Runtime.JSON_TOKEN)
                    .addStatement("$L = $L", target, read)
                    .endControlFlow()
                    .add("$<}\n").build();
        }
        return CodeBlock.builder().addStatement("case $S -> $L = $L", m.name(), target, read).build();
    }

    /** The type of a variable that holds member {@code m} while it is being read (null until it is). */
    TypeName readingType(Member m) {
        return types.nullable(m.type());
    }

    /** A statement writing {@code value} (an expression of {@link #readingType}) with generator {@code g}. */
    CodeBlock write(Member m, String value) {
        return types.write(m.type(), "g", CodeBlock.of("$L", value), 0);
    }

    /**
     * Reads the flattened member (if any) from the members nobody else claimed, once {@code p} has returned
     * the object's END_OBJECT; its paths start at that object.
     */
    private CodeBlock readFlattened() {
        if (flattened == null) {
            return CodeBlock.of("");
        }
        if (embedded()) {
            return CodeBlock.builder().addStatement("b.$L = $T._finishRead(rest, p, ctx, $S)", name(flattened), embeddedClass(), qapiName).build();
        }
        return CodeBlock.builder()
                .addStatement("$T restCtx = ctx.belowClosedObject(p)", Runtime.DECODE_CONTEXT)
                .beginControlFlow("try ($T rp = $T.parserOver(rest))", Runtime.JSON_PARSER, Runtime.QAPI_JSON)
                .addStatement("b.$L = $L", name(flattened), types.read(flattened.type(), "rp", "restCtx", 0))
                .endControlFlow()
                .build();
    }

    /**
     * After the members: each required member that did not come is recorded as missing (tolerant mode; strict
     * mode throws), a primitive one given a placeholder that its accessor never returns.
     */
    private CodeBlock requiredChecks() {
        return requiredChecks(CodeBlock.of("$S", qapiName));
    }

    /** @param typeName an expression naming the type in messages */
    private CodeBlock requiredChecks(CodeBlock typeName) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (Member m : required()) {
            code.beginControlFlow("if (b.$L == null)", name(m))
                    .addStatement("b.$L = ctx.missingMember(p, $L, $S, b.$L)", MISSING, typeName, m.name(), MISSING)
                    .add(placeholder(m))
                    .endControlFlow();
        }
        return code.build();
    }

    /**
     * For an event whose {@code data} is absent: each required member recorded as missing (tolerant mode; strict
     * mode throws).
     */
    CodeBlock recordAllRequiredMissing(String eventName) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (Member m : required()) {
            code.addStatement("b.$L = ctx.missingFromAbsentData($S, $S, b.$L)", MISSING, eventName, m.name(), MISSING).add(placeholder(m));
        }
        return code.build();
    }

    /** {@code b.x = 0;} for a primitive member, so that the value can be built without it; nothing otherwise. */
    private CodeBlock placeholder(Member m) {
        TypeName t = types.required(m.type());
        if (!t.isPrimitive()) {
            return CodeBlock.of("");
        }
        String zero = t.equals(TypeName.BOOLEAN) ? "false" : t.equals(TypeName.LONG) ? "0L" : t.equals(TypeName.DOUBLE) ? "0.0" : "0";
        return CodeBlock.builder().addStatement("b.$L = $L", name(m), zero).build();
    }

    /** {@code void _writeMembers(JsonGenerator g)}: every member present, in schema order. */
    MethodSpec writeMembers(Modifier... modifiers) {
        MethodSpec.Builder w = MethodSpec.methodBuilder("_writeMembers").addModifiers(modifiers)
                .addParameter(Runtime.JSON_GENERATOR, "g").addException(IOException.class);
        for (Member m : members) {
            if (m == fixed) {
                w.addStatement("g.writeFieldName($S)", m.name());
                w.addStatement("$L._writeJson(g)", fixedValue);
                continue;
            }
            if (m == flattened && embedded()) {
                w.addStatement("$L._writeMembers(g)", name(m));
                continue;
            }
            if (m == flattened) {
                w.addStatement("$T.writeMembersOf(g, $L)", Runtime.QAPI_JSON, name(m));
                continue;
            }
            String n = name(m);
            boolean guarded = m.optional() || presence.containsKey(m);
            if (m.optional()) {
                w.beginControlFlow("if ($L != null)", n);
            } else if (presence.containsKey(m)) {
                w.beginControlFlow("if ($L())", presenceName(m));
            }
            w.addStatement("g.writeFieldName($S)", m.name());
            w.addStatement("$L", types.write(m.type(), "g", CodeBlock.of("$L", n), 0));
            if (guarded) {
                w.endControlFlow();
            }
        }
        if (tracksMissing()) {
            w.beginControlFlow("if ($L != null)", MISSING)
                    .addStatement("$L.writeReceived(g)", MISSING)
                    .endControlFlow();
        }
        if (additional) {
            w.beginControlFlow("for ($T.Entry<String, $T> e : $L.entrySet())", Map.class, Runtime.JSON_NODE, ADDITIONAL)
                    .addStatement("g.writeFieldName(e.getKey())")
                    .addStatement("$T.writeAny(g, e.getValue())", Runtime.QAPI_JSON)
                    .endControlFlow();
        }
        return w.build();
    }

    /** equals, hashCode and toString over every field (plus the extra expressions given). */
    void addValueMethods(TypeSpec.Builder cls, String displayName, List<String> extraFields) {
        List<String> all = new ArrayList<>(extraFields);
        for (Member m : fields()) {
            all.add(name(m));
        }
        if (additional) {
            all.add(ADDITIONAL);
        }
        if (tracksMissing()) {
            all.add(MISSING);
        }
        MethodSpec.Builder eq = MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN).addParameter(ParameterSpec.builder(TypeMapper.annotateNullable(ClassName.OBJECT), "o").build());
        eq.beginControlFlow("if (this == o)").addStatement("return true").endControlFlow();
        eq.beginControlFlow("if (!(o instanceof $T other))", owner).addStatement("return false").endControlFlow();
        if (all.isEmpty()) {
            eq.addStatement("return true");
        } else {
            CodeBlock.Builder cmp = CodeBlock.builder();
            for (int i = 0; i < all.size(); i++) {
                cmp.add(i == 0 ? "" : "\n    && ").add("$T.equals($L, other.$L)", Objects.class, all.get(i), all.get(i));
            }
            eq.addStatement("return $L", cmp.build());
        }
        cls.addMethod(eq.build());
        cls.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT)
                .addStatement(all.isEmpty() ? "return $S.hashCode()" : "return $T.hash($L)",
                        all.isEmpty() ? new Object[] {displayName} : new Object[] {Objects.class, String.join(", ", all)})
                .build());
        MethodSpec.Builder ts = MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class);
        ts.addStatement("$T sb = new $T($S)", StringBuilder.class, StringBuilder.class, displayName + "{");
        ts.addStatement("String sep = \"\"");
        for (String f : all) {
            ts.beginControlFlow("if ($L)", isSet(f))
                    .addStatement("sb.append(sep).append($S).append($L)", f + "=", f)
                    .addStatement("sep = \", \"")
                    .endControlFlow();
        }
        ts.addStatement("return sb.append('}').toString()");
        cls.addMethod(ts.build());
    }

    /**
     * Whether {@code toString} shows field {@code field}: a required member when it arrived (a missing one is
     * listed by {@value #MISSING} instead of showing its placeholder), any other when it is not null.
     */
    private String isSet(String field) {
        for (Member m : fields()) {
            if (name(m).equals(field) && presence.containsKey(m)) {
                return presenceName(m) + "()";
            }
        }
        return field + " != null";
    }
}
