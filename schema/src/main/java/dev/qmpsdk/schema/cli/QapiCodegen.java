package dev.qmpsdk.schema.cli;

import dev.qmpsdk.schema.gen.GenerationReport;
import dev.qmpsdk.schema.gen.JavaGenerator;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiSchemaException;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
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
        MODEL, REACTIVE_API, KOTLIN_API;

        static Emit parse(String text) {
            return switch (text) {
                case "model" -> MODEL;
                case "reactive-api" -> REACTIVE_API;
                case "kotlin-api" -> KOTLIN_API;
                default -> throw new CommandLine.TypeConversionException("expected 'model', 'reactive-api' or 'kotlin-api', not '" + text + "'");
            };
        }
    }

    @Option(names = "--emit", paramLabel = "WHAT", defaultValue = "model", converter = EmitConverter.class,
            description = "model (types, events, command descriptors; the default), reactive-api (only the"
                    + " QmpCommandsApi interface over a model generated with the same --package) or kotlin-api (Kotlin"
                    + " suspend commands and argument DSLs over that reactive API).")
    Emit emit;

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
        if (!isPackageName(basePackage)) {
            System.err.println("qapi-codegen: --package '" + basePackage + "' is not a valid lower-case Java package name");
            return 2;
        }
        if (emit == Emit.KOTLIN_API && !isPackageName(kotlinPackage)) {
            System.err.println("qapi-codegen: --kotlin-package '" + kotlinPackage + "' is not a valid lower-case package name");
            return 2;
        }
        if (emit != Emit.MODEL && !isPackageName(apiPackage)) {
            System.err.println("qapi-codegen: --api-package '" + apiPackage + "' is not a valid lower-case Java package name");
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
        String name = schemaName != null ? schemaName : "the QAPI schema " + schema.getFileName();
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

    private static boolean isPackageName(String pkg) {
        return pkg.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    }
}
