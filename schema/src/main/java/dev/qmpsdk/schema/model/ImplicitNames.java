package dev.qmpsdk.schema.model;

/**
 * The names QEMU gives the types a schema implies without naming them. Generators rely on these being
 * exactly QEMU's (they show up in {@code query-qmp-schema} of older QEMUs and in QEMU's C code).
 */
final class ImplicitNames {
    private ImplicitNames() {}

    /** {@code q_obj_<command>-arg} and {@code q_obj_<EVENT>-arg}. */
    static String arguments(String commandOrEvent) {
        return "q_obj_" + commandOrEvent + "-arg";
    }

    /** {@code q_obj_<Union>-base}: the inline base dict of a flat union. */
    static String unionBase(String union) {
        return "q_obj_" + union + "-base";
    }

    /**
     * {@code q_obj_<T>-wrapper}: the {@code {'data': T}} object of a simple-union branch of type T; an
     * array {@code ['T']} is spelled {@code TList} as in QEMU's C names.
     */
    static String wrapper(QapiType branchType) {
        String typeName = branchType instanceof ArrayType array ? array.element().name() + "List" : branchType.name();
        return "q_obj_" + typeName + "-wrapper";
    }

    /** {@code <Union>Kind}: the tag enum of a simple union. */
    static String simpleUnionKind(String union) {
        return union + "Kind";
    }

    /**
     * {@code q_obj_<Owner>-<path>-nested}: a 1.x anonymous struct member. The path is the dotted member
     * path from the owning definition ({@code qemu}, {@code qemu.version}), the same key 1.x docs used
     * ({@code @qemu.major:}). QEMU never named these (its 1.x generator inlined them), so this is our rule.
     */
    static String nested(String owner, String path) {
        return "q_obj_" + owner + "-" + path + "-nested";
    }
}
