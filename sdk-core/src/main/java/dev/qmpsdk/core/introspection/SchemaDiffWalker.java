package dev.qmpsdk.core.introspection;

import dev.qmpsdk.core.introspection.SchemaChange.Change;
import dev.qmpsdk.core.introspection.SchemaChange.Subject;
import dev.qmpsdk.core.introspection.SchemaEntity.AlternateType;
import dev.qmpsdk.core.introspection.SchemaEntity.ArrayType;
import dev.qmpsdk.core.introspection.SchemaEntity.Builtin;
import dev.qmpsdk.core.introspection.SchemaEntity.Command;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumMember;
import dev.qmpsdk.core.introspection.SchemaEntity.EnumType;
import dev.qmpsdk.core.introspection.SchemaEntity.Event;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectMember;
import dev.qmpsdk.core.introspection.SchemaEntity.ObjectType;
import dev.qmpsdk.core.introspection.SchemaEntity.Variant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the model's and the server's schema side by side from each command and event both have, pairing types by the
 * member names that lead to them. Each pair of (masked) types is compared once, at the first path that reaches it:
 * commands are walked in name order, so that path is stable.
 */
final class SchemaDiffWalker {
    private final ServerSchema model;
    private final ServerSchema server;
    private final List<SchemaChange> changes = new ArrayList<>();
    private final Set<String> comparedPairs = new HashSet<>();

    SchemaDiffWalker(ServerSchema model, ServerSchema server) {
        this.model = model;
        this.server = server;
    }

    List<SchemaChange> walk() {
        for (String name : model.commandNames()) {
            Optional<Command> on = server.command(name);
            if (on.isEmpty()) {
                add(Subject.COMMAND, Change.MISSING, name);
                continue;
            }
            Command m = model.command(name).orElseThrow();
            features(Subject.COMMAND, name, on.get().features());
            compare(name + "/arg-type", m.argType(), on.get().argType());
            compare(name + "/ret-type", m.retType(), on.get().retType());
        }
        server.commandNames().stream().filter(n -> model.command(n).isEmpty()).forEach(n -> add(Subject.COMMAND, Change.ADDED, n));
        for (String name : model.eventNames()) {
            Optional<Event> on = server.event(name);
            if (on.isEmpty()) {
                add(Subject.EVENT, Change.MISSING, name);
                continue;
            }
            features(Subject.EVENT, name, on.get().features());
            compare(name + "/arg-type", model.event(name).orElseThrow().argType(), on.get().argType());
        }
        server.eventNames().stream().filter(n -> model.event(n).isEmpty()).forEach(n -> add(Subject.EVENT, Change.ADDED, n));
        return changes;
    }

    private void compare(String path, String modelType, String serverType) {
        if (!comparedPairs.add(modelType + "\u0000" + serverType)) {
            return;
        }
        SchemaEntity m = model.entity(modelType).orElse(null);
        SchemaEntity s = server.entity(serverType).orElse(null);
        if (m == null || s == null) {
            return;
        }
        if (!kind(m).equals(kind(s))) {
            add(Subject.MEMBER, Change.TYPE_CHANGED, path, kind(m) + " -> " + kind(s));
            if (s instanceof AlternateType alt) {   // widened to an alternate: compare with the alternative of the old kind
                alt.alternatives().stream().filter(t -> server.entity(t).map(e -> kind(e).equals(kind(m))).orElse(false))
                        .findFirst().ifPresent(t -> compare(path, modelType, t));
            }
            return;
        }
        if (m instanceof ObjectType mo && s instanceof ObjectType so) {
            objects(path, mo, so);
        } else if (m instanceof EnumType me && s instanceof EnumType se) {
            enums(path, me, se);
        } else if (m instanceof ArrayType ma && s instanceof ArrayType sa) {
            compare(path, ma.elementType(), sa.elementType());
        } else if (m instanceof AlternateType ma && s instanceof AlternateType sa) {
            for (String mt : ma.alternatives()) {
                String k = model.entity(mt).map(SchemaDiffWalker::kind).orElse("");
                sa.alternatives().stream().filter(st -> server.entity(st).map(e -> kind(e).equals(k)).orElse(false))
                        .findFirst().ifPresent(st -> compare(path, mt, st));
            }
        }
    }

    /**
     * Base members by name; a member the other side lists only in a variant still counts as present there (QEMU may
     * move a member between the two). Variants are compared by tag value.
     */
    private void objects(String path, ObjectType m, ObjectType s) {
        for (ObjectMember mm : m.members()) {
            String at = path + "/" + mm.name();
            Optional<ObjectMember> sm = s.member(mm.name()).or(() -> server.member(s.name(), mm.name()));
            if (sm.isEmpty()) {
                add(Subject.MEMBER, Change.MISSING, at);
                continue;
            }
            if (mm.optional() && !sm.get().optional()) {
                add(Subject.MEMBER, Change.NOW_REQUIRED, at);
            } else if (!mm.optional() && sm.get().optional()) {
                add(Subject.MEMBER, Change.NOW_OPTIONAL, at);
            }
            features(Subject.MEMBER, at, sm.get().features());
            compare(at, mm.type(), sm.get().type());
        }
        s.members().stream().filter(sm -> model.member(m.name(), sm.name()).isEmpty())
                .forEach(sm -> add(Subject.MEMBER, Change.ADDED, path + "/" + sm.name()));
        for (Variant mv : m.variants()) {
            s.variants().stream().filter(sv -> sv.tagValue().equals(mv.tagValue())).findFirst()
                    .ifPresent(sv -> compare(path + "/" + m.tag() + "=" + mv.tagValue(), mv.type(), sv.type()));
        }
    }

    private void enums(String path, EnumType m, EnumType s) {
        for (String value : m.values()) {
            Optional<EnumMember> sv = s.member(value);
            if (sv.isEmpty()) {
                add(Subject.ENUM_VALUE, Change.MISSING, path + "/" + value);
            } else {
                features(Subject.ENUM_VALUE, path + "/" + value, sv.get().features());
            }
        }
        s.values().stream().filter(v -> m.member(v).isEmpty()).forEach(v -> add(Subject.ENUM_VALUE, Change.ADDED, path + "/" + v));
    }

    /** What the server marks deprecated or unstable among what both have. */
    private void features(Subject subject, String path, Features serverFeatures) {
        if (serverFeatures.deprecated()) {
            add(subject, Change.DEPRECATED, path);
        }
        if (serverFeatures.unstable()) {
            add(subject, Change.UNSTABLE, path);
        }
    }

    /** Built-ins by name ({@code str}, {@code int}...), other types by meta-type. */
    private static String kind(SchemaEntity e) {
        if (e instanceof Builtin) {
            return e.name();
        }
        if (e instanceof ObjectType) {
            return "object";
        }
        if (e instanceof EnumType) {
            return "enum";
        }
        if (e instanceof ArrayType) {
            return "array";
        }
        if (e instanceof AlternateType) {
            return "alternate";
        }
        return "?";
    }

    private void add(Subject subject, Change change, String path) {
        add(subject, change, path, "");
    }

    private void add(Subject subject, Change change, String path, String detail) {
        changes.add(new SchemaChange(subject, change, path, detail));
    }
}
