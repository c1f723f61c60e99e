package dev.qmpsdk.schema.codegen;

import dev.qmpsdk.schema.gen.GenerationReport;
import dev.qmpsdk.schema.gen.JavaGenerator;
import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiSchemaException;
import dev.qmpsdk.schema.model.SchemaWarning;
import dev.qmpsdk.schema.parse.QapiSchemaLoader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything generated for a user's schema, in memory, before anything is written: so a schema error leaves no
 * file behind. The Java sources are the model (types, events, {@code QmpCommands}, {@code QmpEvents},
 * {@code QmpSchemaIntrospection}), the reactive {@code QmpCommandsApi} and the typed client, all under the
 * request's base package; the resources hold the {@code query-qmp-schema} introspection the model reads from the
 * class path; the Kotlin sources, when asked for, the suspend API and argument DSLs.
 *
 * <pre>{@code
 * SchemaSources sources = SchemaSources.generate(request);
 * StagedOutput.replace(Map.of(javaDir, sources.java(), resourceDir, sources.resources()));
 * }</pre>
 *
 * @param java Java sources keyed by path relative to a source root
 * @param resources resources keyed by path relative to a resource root
 * @param kotlin Kotlin sources keyed by path relative to a source root; empty when the request has no Kotlin package
 * @param report what the model has (counts of each kind)
 * @param commands the number of command methods of the API and the client
 * @param warnings what a lenient load accepted
 */
public record SchemaSources(Map<String, String> java, Map<String, String> resources, Map<String, String> kotlin,
        GenerationReport report, int commands, List<SchemaWarning> warnings) {

    /**
     * Loads the request's schema and generates from it. Call {@link CodegenRequest#validate} first.
     *
     * @throws CodegenException for a schema that cannot be parsed or resolved: {@code file:line:column: problem}
     */
    public static SchemaSources generate(CodegenRequest request) {
        QapiSchema schema;
        try {
            schema = QapiSchemaLoader.load(request.schema(), request.lenient() ? QapiSchemaLoader.Options.LENIENT : QapiSchemaLoader.Options.STRICT);
        } catch (QapiSchemaException e) {
            throw new CodegenException("QAPI schema error at " + e.getMessage(), e);
        }
        JavaGenerator generator = new JavaGenerator(schema, request.basePackage(), request.schemaName());
        JavaGenerator.Model model = generator.generateModel();
        Map<String, String> java = new LinkedHashMap<>(model.files());
        // The API shares the base package, whose package-info the model already wrote.
        generator.generateReactiveApi(request.basePackage()).forEach(java::putIfAbsent);
        java.putAll(generator.generateClient(request.basePackage(), request.clientName(),
                request.clientKind() == CodegenRequest.ClientKind.GUEST_AGENT));
        Map<String, String> kotlin = new LinkedHashMap<>();
        if (request.kotlinPackage() != null) {
            kotlin.putAll(generator.generateKotlinApi(request.basePackage(), request.kotlinPackage()));
            kotlin.putAll(generator.generateKotlinClient(request.basePackage(), request.clientName(), request.kotlinPackage()));
        }
        return new SchemaSources(Collections.unmodifiableMap(java), generator.generateIntrospection(), Collections.unmodifiableMap(kotlin), model.report(),
                schema.commands().size(), schema.warnings());
    }
}
