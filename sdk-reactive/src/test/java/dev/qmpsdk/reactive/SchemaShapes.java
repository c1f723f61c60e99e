package dev.qmpsdk.reactive;

import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.core.qapi.introspect.SchemaInfoObjectMember;
import dev.qmpsdk.core.qapi.introspect.SchemaInfoObjectVariant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The shape of a type in a {@code query-qmp-schema} answer with the masked names followed, so that two
 * answers can be compared although each numbers its types differently: objects as their members sorted by
 * name ({@code *} marks optional ones, i.e. those with a {@code default}), built-ins as their JSON type, enums
 * as {@code enum}, arrays as {@code [element]}, alternates as {@code alternate(...)}.
 * Example: {@code {running: boolean, singlestep: boolean, status: enum}}.
 */
final class SchemaShapes {
    private static final int MAX_DEPTH = 8;

    private final Map<String, SchemaInfo> byName = new HashMap<>();

    SchemaShapes(List<SchemaInfo> answer) {
        answer.forEach(info -> byName.put(info.name(), info));
    }

    SchemaInfo.Command command(String name) {
        if (!(byName.get(name) instanceof SchemaInfo.Command command)) {
            throw new AssertionError("the answer has no command " + name);
        }
        return command;
    }

    /** The wire names of the answer's commands, sorted. */
    Set<String> commandNames() {
        return byName.values().stream().filter(SchemaInfo.Command.class::isInstance).map(SchemaInfo::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The enum values of the type named {@code name} (which must be an enum). */
    List<String> enumValues(String name) {
        return ((SchemaInfo.QapiEnum) byName.get(name)).data().values();
    }

    /** The type name of member {@code member} of the object type named {@code objectName}. */
    String memberType(String objectName, String member) {
        return ((SchemaInfo.QapiObject) byName.get(objectName)).data().members().stream().filter(m -> m.name().equals(member))
                .findFirst().orElseThrow(() -> new AssertionError(objectName + " has no member " + member)).type();
    }

    String of(String typeName) {
        return of(typeName, 0);
    }

    private String of(String typeName, int depth) {
        SchemaInfo info = byName.get(typeName);
        if (info == null) {
            throw new AssertionError("type " + typeName + " is referred to but not described");
        }
        if (depth > MAX_DEPTH) {
            return "...";
        }
        if (info instanceof SchemaInfo.Builtin b) {
            return b.data().jsonType().wireName();
        }
        if (info instanceof SchemaInfo.QapiEnum) {
            return "enum";
        }
        if (info instanceof SchemaInfo.Array a) {
            return "[" + of(a.data().elementType(), depth + 1) + "]";
        }
        if (info instanceof SchemaInfo.Alternate a) {
            return a.data().members().stream().map(m -> of(m.type(), depth + 1)).sorted().collect(Collectors.joining(" | ", "alternate(", ")"));
        }
        if (info instanceof SchemaInfo.QapiObject o) {
            String members = o.data().members().stream().sorted(Comparator.comparing(SchemaInfoObjectMember::name))
                    .map(m -> (m.default_() != null ? "*" : "") + m.name() + ": " + of(m.type(), depth + 1))
                    .collect(Collectors.joining(", ", "{", "}"));
            if (o.data().tag() == null) {
                return members;
            }
            return members + " by " + o.data().tag() + o.data().variants().stream().sorted(Comparator.comparing(SchemaInfoObjectVariant::case_))
                    .map(v -> v.case_() + ": " + of(v.type(), depth + 1)).collect(Collectors.joining(", ", " {", "}"));
        }
        throw new AssertionError("unexpected entry " + info);
    }
}
