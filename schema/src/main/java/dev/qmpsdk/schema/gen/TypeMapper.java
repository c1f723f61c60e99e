package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.ArrayType;
import dev.qmpsdk.schema.model.Builtin;
import dev.qmpsdk.schema.model.BuiltinType;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiType;
import dev.qmpsdk.schema.model.Variant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps QAPI types to Java types and to the code that reads and writes them.
 *
 * <table>
 *   <caption>Built-in types</caption>
 *   <tr><th>QAPI</th><th>Java (required / optional)</th></tr>
 *   <tr><td>str</td><td>String</td></tr>
 *   <tr><td>int, int64</td><td>long / Long</td></tr>
 *   <tr><td>int8, int16, int32, uint8, uint16</td><td>int / Integer (range checked)</td></tr>
 *   <tr><td>uint32</td><td>long / Long (range checked)</td></tr>
 *   <tr><td>uint64, size</td><td>long / Long holding the unsigned value's bits</td></tr>
 *   <tr><td>number</td><td>double / Double</td></tr>
 *   <tr><td>bool</td><td>boolean / Boolean</td></tr>
 *   <tr><td>any</td><td>JsonNode</td></tr>
 *   <tr><td>null</td><td>QapiNull</td></tr>
 *   <tr><td>['T']</td><td>List&lt;T&gt;, never null from an accessor</td></tr>
 * </table>
 */
final class TypeMapper {
    private static final AnnotationSpec NULLABLE = AnnotationSpec.builder(Runtime.NULLABLE).build();
    private static final ClassName LIST = ClassName.get(List.class);

    private final NamePlan names;

    TypeMapper(NamePlan names) {
        this.names = names;
    }

    /** The Java type of a required value (primitive where QAPI's type allows). */
    TypeName required(QapiType t) {
        if (t instanceof BuiltinType b) {
            return switch (b.kind()) {
                case STR, QTYPE -> ClassName.get(String.class);
                case INT, INT64, UINT32, UINT64, SIZE -> TypeName.LONG;
                case INT8, INT16, INT32, UINT8, UINT16 -> TypeName.INT;
                case NUMBER -> TypeName.DOUBLE;
                case BOOL -> TypeName.BOOLEAN;
                case ANY -> Runtime.JSON_NODE;
                case NULL -> Runtime.QAPI_NULL;
            };
        }
        if (t instanceof ArrayType a) {
            return ParameterizedTypeName.get(LIST, boxed(a.element()));
        }
        return names.className(t);
    }

    /** The boxed Java type (for optional values, builders and list elements). */
    TypeName boxed(QapiType t) {
        return required(t).box();
    }

    /** The boxed type annotated {@code @Nullable}. */
    TypeName nullable(QapiType t) {
        return annotateNullable(boxed(t));
    }

    static TypeName annotateNullable(TypeName t) {
        return t.annotated(NULLABLE);
    }

    static boolean isList(QapiType t) {
        return t instanceof ArrayType;
    }

    /** True when JSON null is a legitimate value of the type (so a null must not be read as "absent"). */
    static boolean acceptsNull(QapiType t) {
        if (t instanceof BuiltinType b) {
            return b.kind() == Builtin.ANY || b.kind() == Builtin.NULL;
        }
        if (t instanceof AlternateType a) {
            return a.alternatives().stream().anyMatch(v -> acceptsNull(v.type()));
        }
        return false;
    }

    /** The {@code IntKind} constant for an integer type, or null. */
    static @Nullable String intKind(QapiType t) {
        if (t instanceof BuiltinType b && b.kind().isInteger()) {
            return b.kind().name();
        }
        return null;
    }

    /** True for the integer kinds whose range is narrower than the Java type that carries them. */
    static boolean needsRangeCheck(QapiType t) {
        if (t instanceof BuiltinType b) {
            return switch (b.kind()) {
                case INT8, INT16, UINT8, UINT16, UINT32 -> true;
                default -> false;
            };
        }
        return false;
    }

    /** An expression reading the value the parser {@code p} is on, using context {@code ctx}. */
    CodeBlock read(QapiType t, String p, String ctx, int depth) {
        if (t instanceof BuiltinType b) {
            return switch (b.kind()) {
                case STR, QTYPE -> CodeBlock.of("$T.readStr($L, $L)", Runtime.QAPI_JSON, p, ctx);
                case INT, INT64, UINT32, UINT64, SIZE ->
                        CodeBlock.of("$T.readInt($L, $L, $T.$L)", Runtime.QAPI_JSON, p, ctx, Runtime.INT_KIND, b.kind().name());
                case INT8, INT16, INT32, UINT8, UINT16 ->
                        CodeBlock.of("$T.readSmallInt($L, $L, $T.$L)", Runtime.QAPI_JSON, p, ctx, Runtime.INT_KIND, b.kind().name());
                case NUMBER -> CodeBlock.of("$T.readNumber($L, $L)", Runtime.QAPI_JSON, p, ctx);
                case BOOL -> CodeBlock.of("$T.readBool($L, $L)", Runtime.QAPI_JSON, p, ctx);
                case ANY -> CodeBlock.of("$T.readAny($L, $L)", Runtime.QAPI_JSON, p, ctx);
                case NULL -> CodeBlock.of("$T.readNull($L, $L)", Runtime.QAPI_JSON, p, ctx);
            };
        }
        if (t instanceof ArrayType a) {
            return CodeBlock.of("$T.readList($L, $L, $L)", Runtime.QAPI_JSON, p, ctx, reader(a.element(), depth + 1));
        }
        return CodeBlock.of("$T._read($L, $L)", names.className(t), p, ctx);
    }

    /** A {@code ValueReader} for the type: a method reference or a lambda. */
    CodeBlock reader(QapiType t, int depth) {
        if (t instanceof EnumType || t instanceof ObjectType || t instanceof AlternateType) {
            return CodeBlock.of("$T::_read", names.className(t));
        }
        String p = "p" + depth;
        String c = "c" + depth;
        return CodeBlock.of("($L, $L) -> $L", p, c, read(t, p, c, depth));
    }

    /** A statement writing {@code value} (an expression of the type's Java type) to generator {@code g}. */
    CodeBlock write(QapiType t, String g, CodeBlock value, int depth) {
        if (t instanceof BuiltinType b) {
            return switch (b.kind()) {
                case STR, QTYPE -> CodeBlock.of("$L.writeString($L)", g, value);
                case INT, INT64, INT8, INT16, INT32, UINT8, UINT16, UINT32, UINT64, SIZE ->
                        CodeBlock.of("$T.writeInt($L, $L, $T.$L)", Runtime.QAPI_JSON, g, value, Runtime.INT_KIND, b.kind().name());
                case NUMBER -> CodeBlock.of("$L.writeNumber($L)", g, value);
                case BOOL -> CodeBlock.of("$L.writeBoolean($L)", g, value);
                case ANY -> CodeBlock.of("$T.writeAny($L, $L)", Runtime.QAPI_JSON, g, value);
                case NULL -> CodeBlock.of("$L.writeNull()", g);
            };
        }
        if (t instanceof ArrayType a) {
            String g2 = "g" + (depth + 1);
            String e2 = "e" + (depth + 1);
            return CodeBlock.of("$T.writeList($L, $L, ($L, $L) -> $L)", Runtime.QAPI_JSON, g, value, g2, e2,
                    write(a.element(), g2, CodeBlock.of("$L", e2), depth + 1));
        }
        return CodeBlock.of("$L._writeJson($L)", value, g);
    }

    /** The type as a reader of Javadoc would write it: {@code StatusInfo}, {@code List<BlockInfo>}, {@code long}. */
    String displayName(QapiType t) {
        if (t instanceof ArrayType a) {
            return "List<" + displayName(a.element()).replace("long", "Long").replace("int", "Integer") + ">";
        }
        TypeName n = required(t);
        return n instanceof ClassName c ? c.simpleName() : n.toString();
    }

    /** The JSON token types that select an alternative of an alternate. */
    static List<String> tokensOf(Variant v, boolean hasNumberBranch, boolean hasIntBranch) {
        QapiType t = v.type();
        if (t instanceof BuiltinType b) {
            return switch (b.kind()) {
                case STR, QTYPE -> List.of("VALUE_STRING");
                case NUMBER -> hasIntBranch ? List.of("VALUE_NUMBER_FLOAT") : List.of("VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT");
                case BOOL -> List.of("VALUE_TRUE", "VALUE_FALSE");
                case NULL -> List.of("VALUE_NULL");
                case ANY -> List.of();
                default -> List.of("VALUE_NUMBER_INT");
            };
        }
        if (t instanceof EnumType) {
            return List.of("VALUE_STRING");
        }
        if (t instanceof ArrayType) {
            return List.of("START_ARRAY");
        }
        return List.of("START_OBJECT");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
