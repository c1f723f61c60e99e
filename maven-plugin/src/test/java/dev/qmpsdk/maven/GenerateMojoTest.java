package dev.qmpsdk.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.reactive.QmpConnection;
import dev.qmpsdk.reactive.qga.QgaClientOptions;
import dev.qmpsdk.reactive.qga.QgaConnection;
import dev.qmpsdk.schema.gen.FrameworkNames;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The {@code generate} goal driven directly, as Maven would after injecting its parameters: what it adds to the
 * project, that the output compiles against {@code qmp-sdk-reactive} and its client delegates, and that bad
 * input fails with one message and leaves nothing generated (a stale earlier run included). The schema is the
 * plugin consumer project's own ({@code consumer-it/src/it/plugin-consumer/src/main/qapi}); the guest-agent client
 * ({@code clientKind=guest-agent}) is generated from a three-command schema each test writes.
 */
class GenerateMojoTest {
    private static final Path SCHEMA = Path.of("..", "consumer-it", "src", "it", "plugin-consumer", "src", "main", "qapi", "qapi-schema.json")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path target;
    private MavenProject project;

    @BeforeEach
    void project() {
        target = dir.resolve("target");
        Model model = new Model();
        model.setGroupId("com.example");
        model.setArtifactId("user");
        model.setVersion("1");
        Build build = new Build();
        build.setDirectory(target.toString());
        model.setBuild(build);
        project = new MavenProject(model);
    }

    private GenerateMojo mojo(Path schema, String packageName) {
        GenerateMojo mojo = new GenerateMojo();
        mojo.project = project;
        mojo.schema = schema.toFile();
        mojo.packageName = packageName;
        mojo.clientName = "QemuClient";
        mojo.outputDirectory = target.resolve("generated-sources/qapi").toFile();
        mojo.resourceOutputDirectory = target.resolve("generated-resources/qapi").toFile();
        mojo.kotlinOutputDirectory = target.resolve("generated-sources/qapi-kotlin").toFile();
        return mojo;
    }

    @Test
    void generatesSourcesAndResourceAndAddsThemToTheBuild() throws Exception {
        GenerateMojo mojo = mojo(SCHEMA, "com.example.qmp");
        mojo.kotlin = true;
        mojo.execute();
        Path java = target.resolve("generated-sources/qapi");
        assertTrue(Files.isRegularFile(java.resolve("com/example/qmp/QemuClient.java")));
        assertTrue(Files.isRegularFile(java.resolve("com/example/qmp/QmpCommandsApi.java")));
        assertTrue(Files.isRegularFile(java.resolve("com/example/qmp/machine/CpuInfoFast.java")));
        assertTrue(Files.isRegularFile(target.resolve("generated-resources/qapi/com/example/qmp/qmp-schema-introspection.json")));
        assertTrue(Files.isRegularFile(target.resolve("generated-sources/qapi-kotlin/com/example/qmp/kotlin/QmpCoroutineCommands.kt")));
        assertEquals(List.of(java.toString(), target.resolve("generated-sources/qapi-kotlin").toString()), project.getCompileSourceRoots());
        assertEquals(List.of(target.resolve("generated-resources/qapi").toString()),
                project.getResources().stream().map(r -> r.getDirectory()).toList());
        try (Stream<Path> s = Files.list(target.resolve("generated-sources"))) {
            assertEquals(2, s.count(), "no staging directory left beside the output");
        }
    }

    @Test
    void theGeneratedClientCompilesAgainstTheReactiveModuleAndDelegatesToItsConnection() throws Exception {
        mojo(SCHEMA, "com.example.qmp").execute();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(target.resolve("generated-sources/qapi"), classes);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> client = loader.loadClass("com.example.qmp.QemuClient");
            assertTrue(QmpConnection.class.isAssignableFrom(client));
            assertTrue(Modifier.isStatic(client.getMethod("connect", dev.qmpsdk.reactive.QmpClientOptions.class).getModifiers()));
            List<CommandDescriptor<?, ?>> sent = new ArrayList<>();
            QmpConnection connection = recording(loader, QmpConnection.class, "a recording connection", sent);
            Object typed = client.getMethod("of", QmpConnection.class).invoke(null, connection);
            ((Mono<?>) client.getMethod("queryCpusFast").invoke(typed)).block();
            ((Mono<?>) client.getMethod("stop").invoke(typed)).block();
            assertEquals(List.of("query-cpus-fast", "stop"), sent.stream().map(CommandDescriptor::name).toList());
            assertEquals("QemuClient over a recording connection", typed.toString());
            assertTrue(client.getMethod("of", QmpConnection.class).invoke(null, typed) == typed, "a typed client is not wrapped twice");
        }
    }

    /** A guest agent schema in QAPI syntax, as small as the guest-agent client needs: no reply, a struct reply, arguments. */
    private Path guestAgentSchema() throws Exception {
        return Files.writeString(dir.resolve("qga-schema.json"), "{ 'pragma': { 'doc-required': false } }\n"
                + "{ 'struct': 'GuestUptime', 'data': { 'seconds': 'int' } }\n"
                + "{ 'command': 'guest-ping' }\n"
                + "{ 'command': 'guest-uptime', 'returns': 'GuestUptime' }\n"
                + "{ 'command': 'guest-shutdown', 'data': { '*mode': 'str' }, 'success-response': false }\n");
    }

    @Test
    void aGuestAgentClientExtendsQgaConnectionCompilesAndSendsTheNoReplyCommandAsSuch() throws Exception {
        GenerateMojo mojo = mojo(guestAgentSchema(), "com.example.qga");
        mojo.clientName = "GuestAgent";
        mojo.clientKind = "guest-agent";
        mojo.kotlin = true;
        mojo.execute();
        // This test compiles no Kotlin (consumer-it's plugin project does): the extension is checked as text.
        String coroutines = Files.readString(target.resolve("generated-sources/qapi-kotlin/com/example/qga/kotlin/GuestAgentCoroutines.kt"));
        assertTrue(coroutines.contains("public fun GuestAgent.coroutines(): QmpCoroutineCommands = GuestAgentCoroutines(this)"), coroutines);
        assertTrue(coroutines.contains("import com.example.qga.GuestAgent\n"), coroutines);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(target.resolve("generated-sources/qapi"), classes);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> client = loader.loadClass("com.example.qga.GuestAgent");
            assertTrue(client.isInterface());
            assertTrue(QgaConnection.class.isAssignableFrom(client), "the guest-agent client extends QgaConnection");
            assertFalse(QmpConnection.class.isAssignableFrom(client), "a guest agent is not a QMP monitor");
            Method connect = client.getMethod("connect", QgaClientOptions.class);
            assertTrue(Modifier.isStatic(connect.getModifiers()));
            assertEquals(Mono.class, connect.getReturnType());
            List<CommandDescriptor<?, ?>> sent = new ArrayList<>();
            QgaConnection connection = recording(loader, QgaConnection.class, "a recording agent", sent);
            Object typed = client.getMethod("of", QgaConnection.class).invoke(null, connection);
            ((Mono<?>) client.getMethod("guestPing").invoke(typed)).block();
            ((Mono<?>) client.getMethod("guestUptime").invoke(typed)).block();
            ((Mono<?>) client.getMethod("guestShutdown").invoke(typed)).block();
            assertEquals(List.of("guest-ping", "guest-uptime", "guest-shutdown"), sent.stream().map(CommandDescriptor::name).toList());
            assertEquals(List.of(true, true, false), sent.stream().map(CommandDescriptor::successResponse).toList(),
                    "only guest-shutdown is declared 'success-response': false");
            assertEquals("GuestAgent over a recording agent", typed.toString());
            assertTrue(client.getMethod("of", QgaConnection.class).invoke(null, typed) == typed, "a typed client is not wrapped twice");
        }
    }

    @Test
    void anUnknownClientKindFailsNamingTheParameterAndTheAllowedValues() throws Exception {
        Path stale = staleOutput();
        GenerateMojo mojo = mojo(guestAgentSchema(), "com.example.qga");
        mojo.clientKind = "qga";
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<clientKind>: 'qga' is not a client kind; expected 'qmp' or 'guest-agent'", e.getMessage());
        assertFalse(Files.exists(stale), "an earlier run's output would compile as if it were current");
        assertEquals(List.of(), project.getCompileSourceRoots());
    }

    @Test
    void everyMethodOfQmpConnectionIsReservedSoNoCommandCanHideIt() {
        for (Method m : QmpConnection.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers())) {
                assertTrue(FrameworkNames.RESERVED.contains(m.getName()), m + " is not in FrameworkNames.RESERVED");
            }
        }
    }

    @Test
    void aMissingSchemaFailsNamingTheParameterAndFileAndRemovesEarlierOutput() throws Exception {
        Path stale = staleOutput();
        Path missing = dir.resolve("src/main/qapi/qapi-schema.json");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(missing, "com.example.qmp").execute());
        assertEquals("<schema>: the schema file " + missing + " does not exist", e.getMessage());
        assertFalse(Files.exists(stale), "an earlier run's output would compile as if it were current");
        assertEquals(List.of(), project.getCompileSourceRoots());
    }

    @Test
    void aSyntaxErrorFailsWithFileAndLineAndGeneratesNothing() throws Exception {
        Path stale = staleOutput();
        Path schemaDir = Files.createDirectories(dir.resolve("qapi"));
        Files.writeString(schemaDir.resolve("qapi-schema.json"), "{ 'include': 'machine.json' }\n");
        Files.writeString(schemaDir.resolve("machine.json"), "{ 'command': 'stop' }\n\n{ 'command': 'query-cpus-fast',, }\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(schemaDir.resolve("qapi-schema.json"), "com.example.qmp").execute());
        assertTrue(e.getMessage().startsWith("QAPI schema error at " + schemaDir.resolve("machine.json") + ":3:"), e.getMessage());
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(target.resolve("generated-sources/qapi")));
        assertFalse(Files.exists(target.resolve("generated-resources/qapi")));
    }

    @Test
    void aPackageWithAKeywordSegmentFailsNamingTheParameterAndValue() throws Exception {
        Path stale = staleOutput();
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(SCHEMA, "com.example.new").execute());
        assertEquals("<packageName>: 'com.example.new' is not a Java package name: 'new' is a Java keyword", e.getMessage());
        assertFalse(Files.exists(stale));
        MojoFailureException dash = assertThrows(MojoFailureException.class, () -> mojo(SCHEMA, "com.my-company.qmp").execute());
        assertEquals("<packageName>: 'com.my-company.qmp' is not a Java package name: 'my-company' is not a Java identifier", dash.getMessage());
    }

    @Test
    void anOutputDirectoryOutsideTheBuildDirectoryIsRefusedBeforeAnythingIsDeleted() throws Exception {
        GenerateMojo mojo = mojo(SCHEMA, "com.example.qmp");
        Path sources = Files.createDirectories(dir.resolve("src/main/java"));
        Files.writeString(sources.resolve("Mine.java"), "class Mine {}");
        mojo.outputDirectory = sources.toFile();
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<outputDirectory>: " + sources + " is not inside the build directory " + target
                + "; the plugin replaces its output directories whole, so they must be its own", e.getMessage());
        assertTrue(Files.exists(sources.resolve("Mine.java")), "a user's own directory is never deleted");
    }

    @Test
    void skipGeneratesNothingAndAddsNoSourceRoot() throws Exception {
        GenerateMojo mojo = mojo(SCHEMA, "com.example.qmp");
        mojo.skip = true;
        mojo.execute();
        assertFalse(Files.exists(target));
        assertEquals(List.of(), project.getCompileSourceRoots());
    }

    /** An earlier successful run's output. */
    private Path staleOutput() throws Exception {
        mojo(SCHEMA, "com.example.qmp").execute();
        project.getCompileSourceRoots().clear();
        project.getResources().clear();
        Path client = target.resolve("generated-sources/qapi/com/example/qmp/QemuClient.java");
        assertTrue(Files.exists(client));
        return client;
    }

    /** A connection that records each command sent with {@code execute} and answers it with nothing; any other call fails. */
    private static <T> T recording(ClassLoader loader, Class<T> type, String name, List<CommandDescriptor<?, ?>> sent) {
        return type.cast(Proxy.newProxyInstance(loader, new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals("execute")) {
                sent.add((CommandDescriptor<?, ?>) args[0]);
                return Mono.empty();
            }
            if (m.getName().equals("toString")) {
                return name;
            }
            throw new AssertionError("unexpected call " + m);
        }));
    }

    private static void compile(Path sources, Path classes) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                    "-proc:none", "-encoding", "UTF-8", "-Xlint:-deprecation");
            boolean ok = javac.getTask(new StringWriter(), fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d.getSource() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            assertEquals(List.of(), errors, "javac errors");
            assertTrue(ok, "javac failed");
        }
    }
}
