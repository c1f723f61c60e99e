package dev.qmpsdk.schema.cli;

import dev.qmpsdk.schema.codegen.CodegenException;
import dev.qmpsdk.schema.codegen.CodegenRequest;
import dev.qmpsdk.schema.codegen.SchemaSources;
import dev.qmpsdk.schema.codegen.StagedOutput;
import dev.qmpsdk.schema.gen.GenerationReport;
import dev.qmpsdk.schema.gen.JavaGenerator;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiSchemaException;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone generator: {@code java -jar qapi-codegen.jar --schema qapi/qapi-schema.json --out src/gen}.
 * The output compiles against {@code qmp-sdk-core}.
 */
@Command(name = "qapi-codegen", mixinStandardHelpOptions = true, version = "qapi-codegen 0.1.0",
        description = "Generates the typed Java model (types, events, command descriptors) of a QAPI schema, or the reactive command API over it.")
public final class QapiCodegen implements Callable<Integer> {
    @Option(names = "--schema", required = true, paramLabel = "FILE",
            description = "The main schema file (e.g. qemu/qapi/qapi-schema.json); includes are read relative to it.")
    Path schema;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the Java sources.")
    Path out;

    @Option(names = "--resources", paramLabel = "DIR",
            description = "With --emit model: where to write the query-qmp-schema introspection JSON that the generated"
                    + " QmpSchemaIntrospection reads from the class path (default: the --out directory; put it on the class path).")
    Path resources;

    @Option(names = "--package", paramLabel = "PKG", defaultValue = "dev.qmpsdk.core.qapi",
            description = "Base package (default: ${DEFAULT-VALUE}); each schema module gets a sub-package.")
    String basePackage;

    @Option(names = "--schema-name", paramLabel = "TEXT",
            description = "How Javadoc names the schema (default: the schema file name).")
    String schemaName;

    /** What to generate. */
    enum Emit {
        MODEL, REACTIVE_API, KOTLIN_API, CLIENT;

        static Emit parse(String text) {
            return switch (text) {
                case "model" -> MODEL;
                case "reactive-api" -> REACTIVE_API;
                case "kotlin-api" -> KOTLIN_API;
                case "client" -> CLIENT;
                default -> throw new CommandLine.TypeConversionException(
                        "expected 'model', 'reactive-api', 'kotlin-api' or 'client', not '" + text + "'");
            };
        }
    }

    @Option(names = "--emit", paramLabel = "WHAT", defaultValue = "model", converter = EmitConverter.class,
            description = "model (types, events, command descriptors; the default), reactive-api (only the"
                    + " QmpCommandsApi interface over a model generated with the same --package), kotlin-api (Kotlin"
                    + " suspend commands and argument DSLs over that reactive API) or client (all a user's project needs"
                    + " for its own schema, in --package: the model, QmpCommandsApi and the typed client --client-name;"
                    + " with --kotlin-out, the Kotlin API in --kotlin-package too). What the Maven plugin generates.")
    Emit emit;

    @Option(names = "--client-name", paramLabel = "NAME", defaultValue = CodegenRequest.DEFAULT_CLIENT_NAME,
            description = "With --emit client: the typed client interface (default: ${DEFAULT-VALUE}).")
    String clientName;

    @Option(names = "--client-kind", paramLabel = "KIND", defaultValue = "qmp",
            description = "With --emit client: qmp (a QMP monitor's client, the default) or guest-agent (a QEMU guest agent's,"
                    + " over QgaConnection, for a qga/qapi-schema.json).")
    String clientKind;

    @Option(names = "--kotlin-out", paramLabel = "DIR",
            description = "With --emit client: also write the Kotlin API (package --kotlin-package) to DIR.")
    Path kotlinOut;

    @Option(names = "--api-package", paramLabel = "PKG", defaultValue = "dev.qmpsdk.reactive.api",
            description = "Package of QmpCommandsApi with --emit reactive-api (default: ${DEFAULT-VALUE}).")
    String apiPackage;

    @Option(names = "--kotlin-package", paramLabel = "PKG", defaultValue = "dev.qmpsdk.kotlin",
            description = "Package of QmpCoroutineCommands with --emit kotlin-api; the DSLs go to PKG.dsl (default: ${DEFAULT-VALUE}).")
    String kotlinPackage;

    static final class EmitConverter implements CommandLine.ITypeConverter<Emit> {
        @Override
        public Emit convert(String value) {
            return Emit.parse(value);
        }
    }

    @Option(names = "--lenient", description = "Accept the damage early (1.x) schemas let through, as warnings.")
    boolean lenient;

    public static void main(String[] args) {
        System.exit(new CommandLine(new QapiCodegen()).execute(args));
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(schema)) {
            System.err.println("qapi-codegen: schema file " + schema + " does not exist or is not a file");
            return 2;
        }
        String name = schemaName != null ? schemaName : "the QAPI schema " + schema.getFileName();
        if (emit == Emit.CLIENT) {
            return client(name);
        }
        try {
            CodegenRequest.checkPackage("--package", basePackage);
            if (emit == Emit.KOTLIN_API) {
                CodegenRequest.checkPackage("--kotlin-package", kotlinPackage);
            }
            if (emit != Emit.MODEL) {
                CodegenRequest.checkPackage("--api-package", apiPackage);
            }
        } catch (CodegenException e) {
            System.err.println("qapi-codegen: " + e.getMessage());
            return 2;
        }
        QapiSchema model;
        try {
            model = QapiSchemaLoader.load(schema, lenient ? QapiSchemaLoader.Options.LENIENT : QapiSchemaLoader.Options.STRICT);
        } catch (QapiSchemaException e) {
            System.err.println("qapi-codegen: " + e.getMessage());
            return 1;
        }
        model.warnings().forEach(w -> System.err.println("qapi-codegen: warning: " + w));
        JavaGenerator generator = new JavaGenerator(model, basePackage, name);
        if (emit == Emit.REACTIVE_API) {
            int commands = generator.writeReactiveApiTo(out, apiPackage);
            System.err.println("qapi-codegen: " + apiPackage + ".QmpCommandsApi (" + commands + " commands) written to " + out);
            return 0;
        }
        if (emit == Emit.KOTLIN_API) {
            int files = generator.writeKotlinApiTo(out, apiPackage, kotlinPackage);
            System.err.println("qapi-codegen: " + kotlinPackage + ".QmpCoroutineCommands and argument DSLs (" + files
                    + " Kotlin files) written to " + out);
            return 0;
        }
        GenerationReport report = generator.writeTo(out);
        System.err.println("qapi-codegen: " + report + " written to " + out);
        Path resourceDir = resources != null ? resources : out;
        int entries = generator.writeIntrospectionTo(resourceDir);
        System.err.println("qapi-codegen: query-qmp-schema introspection (" + entries + " entries) written to " + resourceDir);
        return 0;
    }

    /** {@code --emit client}: the code path of the Maven plugin, writing into the given directories. */
    private int client(String name) {
        SchemaSources sources;
        try {
            CodegenRequest request = new CodegenRequest(schema, basePackage, name, clientName,
                    kotlinOut == null ? null : kotlinPackage, lenient, CodegenRequest.ClientKind.of("--client-kind", clientKind));
            request.validate(CodegenRequest.Labels.CLI);
            sources = SchemaSources.generate(request);
        } catch (CodegenException e) {
            System.err.println("qapi-codegen: " + e.getMessage());
            return e.getCause() instanceof QapiSchemaException ? 1 : 2;
        }
        sources.warnings().forEach(w -> System.err.println("qapi-codegen: warning: " + w));
        Path resourceDir = resources != null ? resources : out;
        try {
            StagedOutput.writeInto(out, sources.java());
            StagedOutput.writeInto(resourceDir, sources.resources());
            if (kotlinOut != null) {
                StagedOutput.writeInto(kotlinOut, sources.kotlin());
            }
        } catch (IOException e) {
            System.err.println("qapi-codegen: cannot write the generated files: " + e);
            return 1;
        }
        System.err.println("qapi-codegen: " + sources.report() + ", " + basePackage + ".QmpCommandsApi and " + basePackage + "."
                + clientName + " written to " + out + "; the introspection resource to " + resourceDir
                + (kotlinOut == null ? "" : "; the Kotlin API (" + sources.kotlin().size() + " files) to " + kotlinOut));
        return 0;
    }
}
