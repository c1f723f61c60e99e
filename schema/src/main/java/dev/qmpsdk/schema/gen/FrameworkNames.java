package dev.qmpsdk.schema.gen;

import java.util.Set;

/**
 * The method names the hand-written connection types take for themselves beside the generated command methods,
 * so no command can ever be generated under one of them.
 *
 * <p>{@code QmpClient} (Java) extends the generated {@code QmpCommandsApi} and {@code QmpCoroutineClient}
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
     * Every public method name of {@code QmpClient} (its static factories, what it inherits from
     * {@code QmpConnection} and {@code Disposable}, and the classes behind it: a single connection and a fleet's VM)
     * and of {@code QmpCoroutineClient} (with {@code coroutines()}, its extension on {@code QmpClient}), plus names
     * kept free for what the API may add ({@code vm}, {@code session}, {@code schema}, {@code capabilities},
     * {@code metrics}, {@code mutate}, and {@code config}, the old name of {@code options}).
     */
    public static final Set<String> RESERVED = Set.of(
            // QmpClient and QmpConnection (the static factories too), QmpCommandsApi's own abstract method, Disposable
            "create", "connect", "listen", "execute", "executeRaw", "events", "states", "state", "greeting", "oobEnabled",
            "options", "stats", "pendingCommands", "close", "dispose", "isDisposed", "serverSchema",
            // QmpConnection: file descriptors and out-of-band execution
            "executeWithFd", "executeRawWithFd", "executeRawOob", "passFd", "passFdToSet", "closePassedFd", "removeFdFromSet",
            // QmpCoroutineClient and its extension
            "executeRawAs", "reactive", "getReactive", "coroutines", "use",
            // kept free
            "vm", "session", "schema", "capabilities", "metrics", "mutate", "config");

    private FrameworkNames() {}

    /** The method name of a command before clashes between commands are numbered: never one of {@link #RESERVED}. */
    public static String methodName(String wireName) {
        String name = JavaNames.memberName(wireName);
        return RESERVED.contains(name) ? name + CLASH_SUFFIX : name;
    }
}
