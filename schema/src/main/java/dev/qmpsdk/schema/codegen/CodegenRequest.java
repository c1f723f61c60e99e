package dev.qmpsdk.schema.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.lang.model.SourceVersion;
import org.jspecify.annotations.Nullable;

/**
 * What to generate for a user's schema: everything a typed client of it needs, in one package of the user's
 * choosing (see {@link SchemaSources}). Build tools (the Maven plugin, {@code qapi-codegen --emit client}) fill it
 * from their own parameters and call {@link #validate} with those parameters' names, so a bad value is reported
 * as the user spelled it.
 *
 * <pre>{@code
 * CodegenRequest request = new CodegenRequest(Path.of("qapi/qapi-schema.json"), "com.example.qmp",
 *         "the QEMU 10.0 QAPI schema", "Qemu10Client", null, false);
 * request.validate(CodegenRequest.Labels.CLI);
 * SchemaSources sources = SchemaSources.generate(request);
 * }</pre>
 *
 * @param schema the main schema file; includes are read relative to it
 * @param basePackage the package of the schema-wide classes, the command API and the client; each schema module
 *     gets a sub-package
 * @param schemaName how Javadoc names the schema ({@code "the QEMU 10.0 QAPI schema"})
 * @param clientName the simple name of the typed client interface ({@code QemuClient})
 * @param kotlinPackage where the Kotlin suspend API goes (its DSLs to {@code <kotlinPackage>.dsl}); null for none
 * @param lenient accept the damage early (1.x) schemas let through, as warnings
 * @param clientKind what the typed client talks to: a QMP monitor, or a guest agent (a QEMU's {@code qga/qapi-schema.json})
 */
public record CodegenRequest(Path schema, String basePackage, String schemaName, String clientName,
        @Nullable String kotlinPackage, boolean lenient, ClientKind clientKind) {

    /** What the generated typed client connects to. */
    public enum ClientKind {
        /** A QMP monitor: {@code interface <Client> extends QmpConnection, QmpCommandsApi} (the default). */
        QMP("qmp"),
        /** A QEMU guest agent: {@code interface <Client> extends QgaConnection, QmpCommandsApi}. */
        GUEST_AGENT("guest-agent");

        private final String label;

        ClientKind(String label) {
            this.label = label;
        }

        /** How build tools spell it ({@code qmp}, {@code guest-agent}). */
        public String label() {
            return label;
        }

        /** The kind spelled {@code label}; the error names the parameter and the valid values. */
        public static ClientKind of(String parameter, String label) {
            for (ClientKind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new CodegenException(parameter + ": '" + label + "' is not a client kind; expected 'qmp' or 'guest-agent'");
        }
    }

    /** A request for a QMP client ({@link ClientKind#QMP}). */
    public CodegenRequest(Path schema, String basePackage, String schemaName, String clientName, @Nullable String kotlinPackage,
            boolean lenient) {
        this(schema, basePackage, schemaName, clientName, kotlinPackage, lenient, ClientKind.QMP);
    }

    /** The client's name when none is given. */
    public static final String DEFAULT_CLIENT_NAME = "QemuClient";

    /** Names the generator gives classes of the base package itself; a client of one of these names would clash. */
    private static final java.util.Set<String> BASE_PACKAGE_CLASSES = java.util.Set.of(
            "QmpCommands", "QmpEvents", "QapiTypes", "QmpSchemaIntrospection", "QmpCommandsApi");

    public CodegenRequest {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(basePackage, "basePackage");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientKind, "clientKind");
    }

    /** How the caller's users name each parameter, for messages ({@code --package}, {@code <packageName>}). */
    public record Labels(String schema, String basePackage, String clientName, String kotlinPackage) {
        /** The names of {@code qapi-codegen}'s options. */
        public static final Labels CLI = new Labels("--schema", "--package", "--client-name", "--kotlin-package");
    }

    /**
     * Checks everything that can be checked before reading the schema.
     *
     * @throws CodegenException naming the parameter and its value: a schema file that does not exist, a package
     *     that is not a Java package name (or has a keyword segment), a client name that is not a Java class name
     */
    public void validate(Labels labels) {
        if (!Files.isRegularFile(schema)) {
            throw new CodegenException(labels.schema() + ": the schema file " + schema.toAbsolutePath()
                    + (Files.exists(schema) ? " is not a file" : " does not exist"));
        }
        checkPackage(labels.basePackage(), basePackage);
        if (kotlinPackage != null) {
            checkPackage(labels.kotlinPackage(), kotlinPackage);
        }
        if (!SourceVersion.isIdentifier(clientName) || SourceVersion.isKeyword(clientName)) {
            throw new CodegenException(labels.clientName() + ": '" + clientName + "' is not a Java class name");
        }
        if (BASE_PACKAGE_CLASSES.contains(clientName)) {
            throw new CodegenException(labels.clientName() + ": '" + clientName + "' is the name of a class the generator writes"
                    + " into " + basePackage + " itself; choose another (e.g. " + DEFAULT_CLIENT_NAME + ")");
        }
    }

    /** Throws when {@code value} is not a package name, naming the segment at fault. */
    public static void checkPackage(String label, String value) {
        String problem = packageProblem(value);
        if (problem != null) {
            throw new CodegenException(label + ": '" + value + "' is not a Java package name: " + problem);
        }
    }

    /** Why {@code name} is not a Java package name, or null when it is one. */
    public static @Nullable String packageProblem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        for (String segment : name.split("\\.", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty segment";
            }
            if (SourceVersion.isKeyword(segment)) {
                return "'" + segment + "' is a Java keyword";
            }
            if (!SourceVersion.isIdentifier(segment)) {
                return "'" + segment + "' is not a Java identifier";
            }
        }
        return null;
    }
}
