package dev.qmpsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.DecodeContext;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.codec.QapiValue;
import dev.qmpsdk.core.protocol.CommandDescriptor;
import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.introspect.SchemaInfo;
import dev.qmpsdk.schema.cli.QapiCodegen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The standalone generator ({@code qapi-codegen.jar}) on schemas in current QEMU syntax: its output must
 * compile against sdk-core alone and behave on the wire. Generates the project's two current-syntax
 * fixtures with custom packages, compiles them in-process, loads the classes and round-trips values through
 * {@link QmpCodec}.
 */
class StandaloneGeneratorCompilesTest {
    private static final String GARDEN = "org.example.garden";
    private static final String CURRENT = "org.example.current";

    @TempDir
    static Path tmp;

    private static ClassLoader generated;

    @BeforeAll
    static void generateAndCompile() throws Exception {
        Path sources = tmp.resolve("src");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        // the introspection resource goes straight to the class output, where the generated accessor finds it
        assertEquals(0, codegen("--schema", fixture("codegen/qapi-schema.json").toString(), "--out", sources.toString(),
                "--resources", classes.toString(), "--package", GARDEN).exitCode);
        assertEquals(0, codegen("--schema", fixture("qapi-schema.json").toString(), "--out", sources.toString(),
                "--package", CURRENT).exitCode);

        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() > 40, "generated files: " + files.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                    "-proc:none", "-encoding", "UTF-8", "-Xlint:-deprecation", "-Xdoclint:none");
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
        generated = new URLClassLoader(new URL[] {classes.toUri().toURL()}, StandaloneGeneratorCompilesTest.class.getClassLoader());
    }

    @Test
    void structWithConditionalMembersAndNullableAlternateRoundTrips() throws Exception {
        Class<?> garden = load(GARDEN + ".plants.Garden");
        String json = "{\"name\":\"back yard\",\"plants\":["
                + "{\"kind\":\"tree\",\"name\":\"oak\",\"fooBar\":1,\"foo-bar\":2,\"class\":\"c\",\"hashCode\":3,\"height\":12.5,\"rings\":80},"
                + "{\"kind\":\"herb\",\"name\":\"mint\",\"uses\":[\"tea\"]},"
                + "{\"kind\":\"unknown\",\"name\":\"?\",\"note\":\"branch class Unknown2\"},"
                + "{\"kind\":\"moss\",\"name\":\"green\"}],"
                + "\"fence\":null,\"owner\":\"me\"}";
        QapiValue value = read(garden, json);
        assertEquals("me", garden.getMethod("owner").invoke(value), "member under 'if': CONFIG_OWNERS");
        assertTrue(garden.getMethod("owner").isAnnotationPresent(Deprecated.class), "member feature 'deprecated'");
        assertNotNull(garden.getMethod("fence").invoke(value), "JSON null is the 'removed' alternative, not absence");
        assertJsonEquals(json, write(value));

        Class<?> plantBase = load(GARDEN + ".plants.PlantBase");
        for (String accessor : List.of("fooBar", "fooBar2", "class_", "hashCode_")) {
            plantBase.getMethod(accessor);   // clashing and reserved names resolved by the naming rule
        }
    }

    @Test
    void eventWithNestedUnionBranchRoundTripsThroughTheCodec() throws Exception {
        EventRegistry registry = (EventRegistry) load(GARDEN + ".QmpEvents").getField("REGISTRY").get(null);
        QmpCodec codec = QmpCodec.of(registry).withStrict(true);
        String json = "{\"event\":\"GARDEN_WATERED\",\"data\":{\"bed\":\"b1\","
                + "\"source\":{\"source\":\"tap\",\"bed\":\"b1\",\"tap\":\"warm\",\"temperature\":40},\"litres\":3},"
                + "\"timestamp\":{\"seconds\":1700000000,\"microseconds\":5}}";
        QmpEvent event = (QmpEvent) codec.decodeMessage(json);
        // the struct GardenWateredEvent claimed the name first; the event's class is renamed, not the struct
        assertEquals(GARDEN + ".qapischema.GardenWateredEvent2", event.getClass().getName());
        Object source = event.getClass().getMethod("source").invoke(event);
        assertEquals(GARDEN + ".water.WaterSource$Tap", source.getClass().getName());
        Object tap = source.getClass().getMethod("data").invoke(source);
        assertEquals(GARDEN + ".water.Tap$Warm", tap.getClass().getName(), "the inner union of branch 'tap'");
        assertJsonEquals(json, new String(codec.encodeEvent(event), StandardCharsets.UTF_8));

        QmpEvent boxed = (QmpEvent) codec.decodeMessage("{\"event\":\"PLANT_CHANGED\",\"data\":{\"kind\":\"moss\",\"name\":\"m\"},"
                + "\"timestamp\":{\"seconds\":1,\"microseconds\":0}}");
        assertEquals(GARDEN + ".qapischema.PlantChangedEvent", boxed.getClass().getName());
    }

    @Test
    void introspectionOfACurrentSchemaDecodesStrictlyAsSchemaInfo() throws Exception {
        String json = (String) load(GARDEN + ".QmpSchemaIntrospection").getMethod("json").invoke(null);
        QmpCodec strict = QmpCodec.of(EventRegistry.empty()).withStrict(true);
        QmpReply reply = (QmpReply) strict.decodeMessage("{\"return\": " + json + "}");
        List<SchemaInfo> infos = strict.decodeResult(QmpCommands.QUERY_QMP_SCHEMA, reply);
        assertNotNull(infos);
        List<?> descriptors = (List<?>) load(GARDEN + ".QmpCommands").getField("ALL").get(null);
        assertEquals(descriptors.stream().map(d -> ((CommandDescriptor<?, ?>) d).name()).sorted().toList(),
                infos.stream().filter(i -> i instanceof SchemaInfo.Command).map(SchemaInfo::name).sorted().toList(),
                "the garden's commands, conditional ones included");
    }

    @Test
    void errorInsideANestedUnionBranchNamesItsPathInTheMessage() throws Exception {
        EventRegistry registry = (EventRegistry) load(GARDEN + ".QmpEvents").getField("REGISTRY").get(null);
        QmpCodec codec = QmpCodec.of(registry).withStrict(true);
        // The members of the inner union Tap sit in WaterSource's object, before and after its discriminator.
        QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> codec.decodeMessage(
                "{\"event\":\"GARDEN_WATERED\",\"data\":{\"bed\":\"b1\",\"source\":{\"temperature\":400,\"source\":\"tap\","
                        + "\"bed\":\"b1\",\"tap\":\"warm\"},\"litres\":3},\"timestamp\":{\"seconds\":1,\"microseconds\":5}}"));
        assertEquals("/data/source/temperature", e.jsonPath(), e.getMessage());
    }

    @Test
    void commandDescriptorsCarryTheirFlagsAndCodecs() throws Exception {
        Class<?> commands = load(GARDEN + ".QmpCommands");
        CommandDescriptor<?, ?> queryGarden = (CommandDescriptor<?, ?>) commands.getField("QUERY_GARDEN").get(null);
        assertTrue(queryGarden.allowOob(), "'allow-oob': true");
        assertFalse(((CommandDescriptor<?, ?>) commands.getField("LIST_BEDS").get(null)).allowOob());
        assertTrue(((CommandDescriptor<?, ?>) commands.getField("PRUNE").get(null)).deprecated());
        assertTrue(commands.getField("PRUNE").isAnnotationPresent(Deprecated.class));

        QmpCodec codec = QmpCodec.of(EventRegistry.empty());
        @SuppressWarnings("unchecked")
        CommandDescriptor<QapiValue, Object> query = (CommandDescriptor<QapiValue, Object>) queryGarden;
        QapiValue args = read(load(GARDEN + ".qapischema.QueryGardenArguments"), "{\"verbose\":true,\"legacy-id\":\"x\"}");
        assertJsonEquals("{\"execute\":\"query-garden\",\"arguments\":{\"verbose\":true,\"legacy-id\":\"x\"},\"id\":7}",
                new String(codec.encodeRequest(query, args, 7), StandardCharsets.UTF_8));
        QmpReply reply = (QmpReply) codec.decodeMessage("{\"return\":{\"name\":\"g\",\"plants\":[],\"fence\":{\"height\":120}},\"id\":7}");
        Object result = codec.decodeResult(query, reply);
        assertEquals(GARDEN + ".plants.Garden", result.getClass().getName());

        @SuppressWarnings("unchecked")
        CommandDescriptor<QapiValue, Object> waterNow = (CommandDescriptor<QapiValue, Object>) commands.getField("WATER_NOW").get(null);
        String boxedArgs = "{\"source\":\"rain\",\"bed\":\"b2\",\"barrels\":[1,2]}";
        QapiValue union = read(load(GARDEN + ".water.WaterSource"), boxedArgs);
        assertJsonEquals("{\"execute\":\"water-now\",\"arguments\":" + boxedArgs + ",\"id\":1}",
                new String(codec.encodeRequest(waterNow, union, 1), StandardCharsets.UTF_8));
    }

    @Test
    void enumValueDictsKeepWireNamesAndTheUnknownConstantIsNotTaken() throws Exception {
        Class<?> level = load(GARDEN + ".plants.PruneLevel");
        Object sculpted = level.getField("_3D").get(null);
        assertEquals("\"3d\"", write((QapiValue) sculpted));
        assertEquals("\"unknown-to-sdk-version\"", write((QapiValue) level.getField("UNKNOWN_TO_SDK_VERSION2").get(null)));
        assertTrue(level.getField("HARD").isAnnotationPresent(Deprecated.class));
        Object future = level.getMethod("_read", JsonParser.class, DecodeContext.class).invoke(null, parser("\"laser\""),
                DecodeContext.of(false, "test"));
        assertEquals("\"laser\"", write((QapiValue) future), "unknown values are kept");
    }

    @Test
    void cliReportsAMissingSchemaFileWithExitCode2() {
        Path missing = tmp.resolve("no-such-dir/qapi-schema.json");
        Result r = codegen("--schema", missing.toString(), "--out", tmp.resolve("unused").toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains(missing.toString()), r.err);
    }

    @Test
    void cliReportsASchemaErrorWithFileLineAndColumnAndExitCode1() throws IOException {
        Path bad = tmp.resolve("bad-schema.json");
        Files.writeString(bad, "# a schema with an error\n{ 'struct': 'A',\n  'data': { 'b': 'NoSuchType' } }\n");
        Result r = codegen("--schema", bad.toString(), "--out", tmp.resolve("unused").toString());
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.err.matches("(?s).*bad-schema\\.json:3:\\d+: .*NoSuchType.*"), r.err);
    }

    private record Result(int exitCode, String err) {}

    private static synchronized Result codegen(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new QapiCodegen()).execute(args);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static Path fixture(String name) {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path file = base.resolve("../schema/src/test/resources/current").resolve(name).normalize();
        assertTrue(Files.isRegularFile(file), "fixture " + file);
        return file;
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, generated);
    }

    private static JsonParser parser(String json) throws IOException {
        JsonParser p = QapiJson.TREE_MAPPER.createParser(json);
        p.nextToken();
        return p;
    }

    private static QapiValue read(Class<?> type, String json) throws Exception {
        Method read = type.getMethod("_read", JsonParser.class, DecodeContext.class);
        try (JsonParser p = parser(json)) {
            return (QapiValue) read.invoke(null, p, DecodeContext.of(true, type.getSimpleName()));
        }
    }

    private static String write(QapiValue value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = QapiJson.TREE_MAPPER.getFactory().createGenerator(out)) {
            value._writeJson(g);
        }
        return out.toString();
    }

    private static void assertJsonEquals(String expected, String actual) throws IOException {
        JsonNode e = QapiJson.TREE_MAPPER.readTree(expected);
        JsonNode a = QapiJson.TREE_MAPPER.readTree(actual);
        assertEquals(e, a, () -> "expected " + expected + "\n but was " + actual);
    }
}
