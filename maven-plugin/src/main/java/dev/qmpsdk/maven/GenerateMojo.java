package dev.qmpsdk.maven;

import dev.qmpsdk.schema.codegen.CodegenException;
import dev.qmpsdk.schema.codegen.CodegenRequest;
import dev.qmpsdk.schema.codegen.SchemaSources;
import dev.qmpsdk.schema.codegen.StagedOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.jspecify.annotations.Nullable;

/**
 * Generates the typed API of a QAPI schema (a QEMU's {@code qapi/qapi-schema.json}, with its includes) into the
 * build: the model, {@code QmpCommands}, {@code QmpEvents}, the reactive {@code QmpCommandsApi} and the typed client
 * {@code <clientName>} in {@code packageName}, compiled with the project's sources; the {@code query-qmp-schema}
 * introspection as a resource; with {@code kotlin}, the suspend API and argument DSLs for kotlin-maven-plugin.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.qmpsdk</groupId>
 *   <artifactId>qmp-sdk-maven-plugin</artifactId>
 *   <version>${qmp-sdk.version}</version>
 *   <executions><execution><goals><goal>generate</goal></goals></execution></executions>
 *   <configuration>
 *     <schema>src/main/qapi/qapi-schema.json</schema>
 *     <packageName>com.example.qmp</packageName>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * <p>The output directories belong to the plugin: each run replaces them whole, from a staging directory, and a
 * failed run deletes them, so the compiler never sees a half-generated or stale API. They must lie inside the
 * build directory ({@code target/}).
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    /** The main schema file; includes are read relative to it. */
    @Parameter(property = "qmpsdk.schema", required = true)
    File schema;

    /** The package of the generated API; each schema module gets a sub-package of it. */
    @Parameter(property = "qmpsdk.packageName", required = true)
    String packageName;

    /** The simple name of the generated typed client interface. */
    @Parameter(property = "qmpsdk.clientName", defaultValue = CodegenRequest.DEFAULT_CLIENT_NAME)
    String clientName;

    /**
     * What the typed client talks to: {@code qmp} (a QMP monitor, the default) or {@code guest-agent} (a QEMU guest
     * agent: generate from the QEMU's {@code qga/qapi-schema.json}; the client extends {@code QgaConnection}).
     */
    @Parameter(property = "qmpsdk.clientKind", defaultValue = "qmp")
    String clientKind = "qmp";

    /** How Javadoc names the schema, e.g. {@code the QEMU 10.0 QAPI schema}; by default from the file name. */
    @Parameter(property = "qmpsdk.schemaName")
    @Nullable String schemaName;

    /** Where the Java sources go; added as a compile source root. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/qapi", required = true)
    File outputDirectory;

    /** Where the introspection resource goes; added as a resource directory. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/qapi", required = true)
    File resourceOutputDirectory;

    /** Also generate the Kotlin suspend API and argument DSLs (needs {@code qmp-sdk-kotlin-ext} and kotlin-maven-plugin). */
    @Parameter(property = "qmpsdk.kotlin", defaultValue = "false")
    boolean kotlin;

    /** Where the Kotlin sources go; added as a compile source root, which kotlin-maven-plugin compiles by default. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/qapi-kotlin", required = true)
    File kotlinOutputDirectory;

    /** The package of the Kotlin API (its DSLs go to {@code <kotlinPackage>.dsl}); by default {@code <packageName>.kotlin}. */
    @Parameter(property = "qmpsdk.kotlinPackage")
    @Nullable String kotlinPackage;

    /** Accept the damage early (1.x) schemas let through, as warnings. */
    @Parameter(property = "qmpsdk.lenient", defaultValue = "false")
    boolean lenient;

    /** Generate nothing (and add no source root). */
    @Parameter(property = "qmpsdk.generate.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** How a bad value is reported: the parameter as the user writes it in the plugin's configuration. */
    static final CodegenRequest.Labels LABELS =
            new CodegenRequest.Labels("<schema>", "<packageName>", "<clientName>", "<kotlinPackage>");

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("qmp-sdk: generation skipped (skip)");
            return;
        }
        if (schema == null) {
            throw new MojoFailureException("<schema>: not set; name the QAPI schema file, e.g. src/main/qapi/qapi-schema.json");
        }
        if (packageName == null) {
            throw new MojoFailureException("<packageName>: not set; name the package of the generated API, e.g. com.example.qmp");
        }
        Map<Path, Map<String, String>> outputs = new LinkedHashMap<>();
        List<Path> directories = outputDirectories();
        try {
            checkOutputDirectories(directories);
            CodegenRequest request = new CodegenRequest(schema.toPath().toAbsolutePath(), packageName,
                    schemaName != null ? schemaName : "the QAPI schema " + schema.getName(),
                    clientName, kotlin ? kotlinPackageName() : null, lenient, CodegenRequest.ClientKind.of("<clientKind>", clientKind));
            request.validate(LABELS);
            SchemaSources sources = SchemaSources.generate(request);
            sources.warnings().forEach(w -> getLog().warn("qmp-sdk: " + w));
            outputs.put(directories.get(0), sources.java());
            outputs.put(directories.get(1), sources.resources());
            if (kotlin) {
                outputs.put(directories.get(2), sources.kotlin());
            }
            StagedOutput.replace(outputs);
            getLog().info("qmp-sdk: " + sources.report() + " from " + schema + "; " + packageName + "." + clientName
                    + " and " + packageName + ".QmpCommandsApi (" + sources.commands() + " commands) in " + directories.get(0)
                    + (kotlin ? "; the Kotlin API (" + sources.kotlin().size() + " files) in " + directories.get(2) : ""));
        } catch (CodegenException e) {
            deleteStaleOutput(directories, e);
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            deleteStaleOutput(directories, e);
            throw new MojoExecutionException("qmp-sdk: cannot write the generated files into " + outputs.keySet() + ": " + e, e);
        }
        project.addCompileSourceRoot(directories.get(0).toString());
        Resource resource = new Resource();
        resource.setDirectory(directories.get(1).toString());
        project.addResource(resource);
        if (kotlin) {
            project.addCompileSourceRoot(directories.get(2).toString());
        }
    }

    private String kotlinPackageName() {
        return kotlinPackage != null ? kotlinPackage : packageName + ".kotlin";
    }

    /** Java, resources, Kotlin (only when asked for): absolute and normalized. */
    private List<Path> outputDirectories() {
        Path java = outputDirectory.toPath().toAbsolutePath().normalize();
        Path resources = resourceOutputDirectory.toPath().toAbsolutePath().normalize();
        return kotlin ? List.of(java, resources, kotlinOutputDirectory.toPath().toAbsolutePath().normalize()) : List.of(java, resources);
    }

    /**
     * The plugin replaces its output directories whole, so they must be its own: inside the build directory, and
     * none inside another.
     */
    private void checkOutputDirectories(List<Path> directories) {
        Path build = Path.of(project.getBuild().getDirectory()).toAbsolutePath().normalize();
        List<String> names = List.of("<outputDirectory>", "<resourceOutputDirectory>", "<kotlinOutputDirectory>");
        for (int i = 0; i < directories.size(); i++) {
            Path dir = directories.get(i);
            if (!dir.startsWith(build) || dir.equals(build)) {
                throw new CodegenException(names.get(i) + ": " + dir + " is not inside the build directory " + build
                        + "; the plugin replaces its output directories whole, so they must be its own");
            }
            for (int j = 0; j < directories.size(); j++) {
                if (i != j && directories.get(j).startsWith(dir)) {
                    throw new CodegenException(names.get(j) + ": " + directories.get(j) + " is inside " + names.get(i) + " " + dir
                            + "; each output directory must be separate");
                }
            }
        }
    }

    /** A failed run leaves nothing generated for the compiler: output of an earlier run would be stale. */
    private void deleteStaleOutput(List<Path> directories, Exception failure) {
        try {
            Path build = Path.of(project.getBuild().getDirectory()).toAbsolutePath().normalize();
            StagedOutput.delete(directories.stream().filter(d -> d.startsWith(build) && !d.equals(build)).toList());
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
