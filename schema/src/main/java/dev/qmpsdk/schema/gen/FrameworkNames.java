package dev.qmpsdk.schema.gen;

import java.util.Set;

/**
 * The method names the hand-written connection types take for themselves beside the generated command methods,
 * so no command can ever be generated under one of them.
 *
 * <p>{@code QmpClient} (Java) implements the generated {@code QmpCommandsApi} and {@code QmpCoroutineClient}
 * (Kotlin) the generated {@code QmpCoroutineCommands}: one namespace holds both the framework's methods
 * ({@code close}, {@code events}, {@code stats}...) and one method per QMP command. A command whose method name
 * ({@link JavaNames#memberName} of its wire name) is in {@link #RESERVED} is generated as that name plus
 * {@value #CLASH_SUFFIX} ({@code close} → {@code closeCommand()}); {@link NameScope} numbers anything still
 * taken. Tests in sdk-reactive and sdk-kotlin-ext reflect over the hand-written classes and fail, naming the
 * method, when one of their public methods is missing here, so a framework method cannot be added without
 * reserving it. Methods of {@code java.lang.Object} are reserved by {@link JavaNames} already.
 *
 * <pre>{@code
 * FrameworkNames.methodName("close")   // "closeCommand"
 * FrameworkNames.methodName("query-status")   // "queryStatus"
 * }</pre>
 */
public final class FrameworkNames {
    /** Appended to a command's method name that the framework takes. */
    public static final String CLASH_SUFFIX = "Command";

    /**
     * Every public method name of {@code QmpClient} (and {@code Disposable}) and of {@code QmpCoroutineClient}
     * (with {@code coroutines()}, its extension on {@code QmpClient}), plus names the planned API reshaping of
     * issue 13 adds ({@code connect}, {@code vm}, {@code session}, {@code schema}, {@code capabilities},
     * {@code metrics}, {@code options}, {@code mutate}).
     */
    public static final Set<String> RESERVED = Set.of(
            // QmpClient, QmpCommandsApi's own abstract method, reactor's Disposable
            "execute", "executeRaw", "connect", "listen", "events", "states", "state", "greeting", "oobEnabled",
            "config", "stats", "pendingCommands", "close", "dispose", "isDisposed",
            // QmpCoroutineClient and its extension
            "executeRawAs", "reactive", "getReactive", "coroutines", "use",
            // the reshaped API of issue 13
            "vm", "session", "schema", "capabilities", "metrics", "options", "mutate");

    private FrameworkNames() {}

    /** The method name of a command before clashes between commands are numbered: never one of {@link #RESERVED}. */
    public static String methodName(String wireName) {
        String name = JavaNames.memberName(wireName);
        return RESERVED.contains(name) ? name + CLASH_SUFFIX : name;
    }
}
