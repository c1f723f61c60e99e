package dev.qmpsdk.schema.model;

import dev.qmpsdk.schema.ast.BranchDecl;
import dev.qmpsdk.schema.ast.TypeRef;
import dev.qmpsdk.schema.ast.UnionDecl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Completes one union.
 *
 * <p>Simple union (no discriminator): one local member {@code type} of the implicit enum {@code <Union>Kind},
 * and one branch per tag value whose type is the wrapper {@code {'data': T}}.
 *
 * <p>Flat union: the base (named struct or inline dict) supplies the members; the discriminator must be a
 * mandatory enum member of the base; every branch must be a value of that enum and an object type whose
 * members do not clash with the base's. Enum values without a branch are fine (that tag carries no extra
 * members).
 */
final class UnionResolver {
    private final SchemaResolver resolver;
    private final ObjectType union;
    private final UnionDecl declaration;
    private final String role;

    UnionResolver(SchemaResolver resolver, ObjectType union, UnionDecl declaration) {
        this.resolver = resolver;
        this.union = union;
        this.declaration = declaration;
        this.role = "union '" + declaration.name() + "'";
    }

    void complete() {
        if (declaration.discriminator() == null) {
            completeSimple();
        } else {
            completeFlat(declaration.discriminator());
        }
    }

    private void completeSimple() {
        TypeRef baseRef = declaration.base();
        ObjectType base = baseRef == null ? null : baseRef instanceof TypeRef.Inline inline
                ? resolver.inlineBase(declaration, inline, role)
                : resolver.namedBase((TypeRef.Named) baseRef, role);
        Member tag = new Member("type", resolver.simpleUnionKindOf(declaration), false, null, List.of(),
                declaration.info().location(), null);
        SchemaResolver.checkNoClash(base, List.of(tag), role);
        List<Variant> variants = new ArrayList<>();
        for (BranchDecl branch : declaration.branches()) {
            QapiType type = resolver.resolve(branch.type(), branchRole(branch));
            variants.add(new Variant(branch.name(), resolver.wrapper(type, declaration, branch), branch.ifCond(), branch.location()));
        }
        union.complete(base, List.of(tag), new Variants(tag, variants));
    }

    private void completeFlat(String discriminator) {
        TypeRef baseRef = declaration.base();
        if (baseRef == null) {
            throw new QapiSchemaException(declaration.info().location(), role + " has a 'discriminator' but no 'base'");
        }
        ObjectType base = baseRef instanceof TypeRef.Inline inline
                ? resolver.inlineBase(declaration, inline, role)
                : resolver.namedBase((TypeRef.Named) baseRef, role);
        Member tag = discriminatorMember(base, discriminator);
        EnumType tagEnum = (EnumType) tag.type();
        Set<String> tagValues = new HashSet<>();
        tagEnum.values().forEach(v -> tagValues.add(v.name()));
        List<Variant> variants = new ArrayList<>();
        for (BranchDecl branch : declaration.branches()) {
            if (!tagValues.contains(branch.name())) {
                throw new QapiSchemaException(branch.location(), "branch '" + branch.name() + "' of " + role
                        + " is not a value of the discriminator's enum '" + tagEnum.name() + "'");
            }
            QapiType type = resolver.resolve(branch.type(), branchRole(branch));
            if (!(type instanceof ObjectType object)) {
                throw new QapiSchemaException(branch.location(), branchRole(branch) + " must be an object type, not " + type);
            }
            checkBranchMembers(base, branch, resolver.completeBranch(object));
            variants.add(new Variant(branch.name(), object, branch.ifCond(), branch.location()));
        }
        union.complete(base, List.of(), new Variants(tag, variants));
    }

    private Member discriminatorMember(ObjectType base, String discriminator) {
        SourceLocation at = declaration.discriminatorLocation();
        Member tag = base.members().stream().filter(m -> m.name().equals(discriminator)).findFirst().orElseThrow(() ->
                new QapiSchemaException(at, "discriminator '" + discriminator + "' of " + role
                        + " is not a member of its base '" + base.name() + "'"));
        if (!(tag.type() instanceof EnumType)) {
            throw new QapiSchemaException(at, "discriminator '" + discriminator + "' of " + role
                    + " must be of an enum type, not " + tag.type().name());
        }
        if (tag.optional()) {
            throw new QapiSchemaException(at, "discriminator '" + discriminator + "' of " + role + " must not be optional");
        }
        return tag;
    }

    private void checkBranchMembers(ObjectType base, BranchDecl branch, ObjectType branchType) {
        Set<String> baseNames = new HashSet<>();
        base.members().forEach(m -> baseNames.add(m.name()));
        for (Member member : branchType.members()) {
            if (baseNames.contains(member.name())) {
                throw new QapiSchemaException(branch.location(), "member '" + member.name() + "' of " + branchRole(branch)
                        + " (type '" + branchType.name() + "') clashes with the member of the same name in base '"
                        + base.name() + "'");
            }
        }
    }

    private String branchRole(BranchDecl branch) {
        return "branch '" + branch.name() + "' of " + role;
    }
}
