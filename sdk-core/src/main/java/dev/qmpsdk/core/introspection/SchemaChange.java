package dev.qmpsdk.core.introspection;

import java.util.Locale;

/**
 * One difference between the compiled model and a server, as {@link SchemaDiff} finds it.
 *
 * <pre>{@code
 * new SchemaChange(SchemaChange.Subject.COMMAND, SchemaChange.Change.MISSING, "query-cpus", "").toString();
 * // "command query-cpus: missing on the server"
 * }</pre>
 *
 * @param subject what changed
 * @param change how
 * @param path where: a command or event wire name, then {@code arg-type}/{@code ret-type} (commands) and member
 *     names; a union's variant as {@code tag=value}; an enum value last ({@code migrate-set-capabilities/arg-type/
 *     capabilities/capability/multifd})
 * @param detail for {@link Change#TYPE_CHANGED} the two kinds ({@code str -> enum}), otherwise empty
 */
public record SchemaChange(Subject subject, Change change, String path, String detail) {
    /** What a change is about. */
    public enum Subject { COMMAND, EVENT, MEMBER, ENUM_VALUE }

    /** How the server differs from the compiled model. */
    public enum Change {
        /** The model has it, the server does not. */
        MISSING,
        /** The server has it, the model does not. */
        ADDED,
        /** Optional in the model, required by the server. */
        NOW_REQUIRED,
        /** Required in the model, optional on the server. */
        NOW_OPTIONAL,
        /** Both have it; its type is of another kind on the server (a widening such as str to enum, or not). */
        TYPE_CHANGED,
        /** Both have it; the server marks it deprecated. */
        DEPRECATED,
        /** Both have it; the server marks it unstable. */
        UNSTABLE
    }

    /** The stable lower-case name used in the JSON form ({@code enum-value}, {@code now-required}). */
    static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        String what = wire(subject).replace('-', ' ') + " " + path + ": ";
        return what + switch (change) {
            case MISSING -> "missing on the server";
            case ADDED -> "only on the server";
            case NOW_REQUIRED -> "optional in the model, required by the server";
            case NOW_OPTIONAL -> "required in the model, optional on the server";
            case TYPE_CHANGED -> "type changed (" + detail + ")";
            case DEPRECATED -> "deprecated by the server";
            case UNSTABLE -> "unstable on the server";
        };
    }
}
