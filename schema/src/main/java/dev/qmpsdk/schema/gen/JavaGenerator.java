package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.JavaFile;
import dev.qmpsdk.schema.model.AlternateType;
import dev.qmpsdk.schema.model.Command;
import dev.qmpsdk.schema.model.Definition;
import dev.qmpsdk.schema.model.EnumType;
import dev.qmpsdk.schema.model.Event;
import dev.qmpsdk.schema.model.ObjectType;
import dev.qmpsdk.schema.model.QapiSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Generates the Java model of a QAPI schema: one class per enum, struct, union, alternate, event and
 * implicit argument type, plus {@code QmpCommands}, {@code QmpEvents}, {@code QapiTypes} and
 * {@code QmpSchemaIntrospection} in the base package; the last reads the resource of
 * {@link #generateIntrospection()}, which goes to a resources directory. Output is deterministic: the
 * same schema gives byte-identical files.
 *
 * <pre>{@code
 * QapiSchema schema = QapiSchemaLoader.load(Path.of("qapi/qapi-schema.json"));
 * JavaGenerator generator = new JavaGenerator(schema, "com.example.qmp", "QEMU 9.0");
 * GenerationReport report = generator.writeTo(Path.of("out"));
 * generator.writeIntrospectionTo(Path.of("resources"));
 * }</pre>
 */
public final class JavaGenerator {
    private final QapiSchema schema;
    private final String schemaName;
    private final NamePlan names;
    private final TypeMapper types;
    private @Nullable List<Map<String, Object>> introspection;

    /**
     * @param schema the resolved schema
     * @param basePackage the package of the schema-wide classes; types go into one sub-package per schema module
     * @param schemaName how Javadoc names the schema, e.g. {@code "the QEMU 2.11.2 QAPI schema"}
     */
    public JavaGenerator(QapiSchema schema, String basePackage, String schemaName) {
        this.schema = Objects.requireNonNull(schema);
        this.schemaName = Objects.requireNonNull(schemaName);
        this.names = new NamePlan(schema, basePackage);
        this.types = new TypeMapper(names);
    }

    /** All generated files, keyed by their path relative to the output root, in a stable order. */
    public Map<String, String> generate() {
        return generateModel().files();
    }

    /**
     * The files of {@link #generate()} and what they hold.
     *
     * @param files keyed by their path relative to the output root, in a stable order
     * @param report the counts of each kind
     */
    public record Model(Map<String, String> files, GenerationReport report) {}

    /** {@link #generate()} with its report. */
    public Model generateModel() {
        GenerationReport.Counter counter = new GenerationReport.Counter();
        Map<String, String> files = render(counter);
        long javaFiles = files.keySet().stream().filter(f -> !f.endsWith("/package-info.java")).count();
        return new Model(files, counter.report((int) javaFiles));
    }

    /** Writes every file under {@code root} and reports what was generated. */
    public GenerationReport writeTo(Path root) {
        Model model = generateModel();
        writeFiles(root, model.files());
        return model.report();
    }

    private Map<String, String> render(GenerationReport.Counter counter) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JavaFile f : javaFiles(counter)) {
            out.put(f.packageName().replace(".", "/") + "/" + f.typeSpec().name() + ".java", f.toString());
        }
        List<String> packages = new ArrayList<>(names.packages());
        packages.add(names.basePackage());
        for (String pkg : packages) {
            out.put(pkg.replace('.', '/') + "/package-info.java", packageInfo(pkg));
        }
        return out;
    }

    /**
     * What QEMU answers to {@code query-qmp-schema} for this schema (see {@link IntrospectionEmitter}), as the
     * one resource the generated {@code QmpSchemaIntrospection} reads, keyed by its path relative to a
     * resources root ({@code <base package path>/qmp-schema-introspection.json}).
     */
    public Map<String, String> generateIntrospection() {
        return Map.of(IntrospectionAccessorEmitter.resourcePath(names.basePackage()), IntrospectionJson.write(introspection()));
    }

    /** Writes {@link #generateIntrospection} under {@code resourcesRoot}; returns the number of entries. */
    public int writeIntrospectionTo(Path resourcesRoot) {
        writeFiles(resourcesRoot, generateIntrospection());
        return introspection().size();
    }

    private List<Map<String, Object>> introspection() {
        if (introspection == null) {
            introspection = new IntrospectionEmitter(schema).entries();
        }
        return introspection;
    }

    /** Writes files keyed by their path relative to {@code root}. */
    private static void writeFiles(Path root, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path file = root.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated sources under " + root, e);
        }
    }

    /**
     * The reactive command API instead of the model: {@code <apiPackage>.QmpCommandsApi} (one {@code Mono}
     * method per command, over the model's types and descriptors in the base package) and its package-info,
     * keyed by path relative to the output root. The model must be generated with the same base package.
     */
    public Map<String, String> generateReactiveApi(String apiPackage) {
        JavaFile api = reactiveApi(apiPackage);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(apiPackage.replace('.', '/') + "/" + api.typeSpec().name() + ".java", api.toString());
        out.put(apiPackage.replace('.', '/') + "/package-info.java", apiPackageInfo(apiPackage));
        return out;
    }

    /** Writes {@link #generateReactiveApi} under {@code root}; returns the number of commands covered. */
    public int writeReactiveApiTo(Path root, String apiPackage) {
        writeFiles(root, generateReactiveApi(apiPackage));
        return schema.commands().size();
    }

    /**
     * The Kotlin command API over the reactive one: {@code <kotlinPackage>.QmpCoroutineCommands} (one
     * {@code suspend} function per method of {@code <apiPackage>.QmpCommandsApi}, plus DSL overloads) and the
     * argument DSLs in {@code <kotlinPackage>.dsl}, keyed by path relative to the output root. The model and the
     * reactive API must be generated with the same base and API packages.
     */
    public Map<String, String> generateKotlinApi(String apiPackage, String kotlinPackage) {
        KotlinApiEmitter emitter = new KotlinApiEmitter(names, schemaName,
                apiPackage + "." + ReactiveApiEmitter.API_CLASS, kotlinPackage);
        return emitter.emit(schema.commands());
    }

    /** Writes {@link #generateKotlinApi} under {@code root}; returns the number of files written. */
    public int writeKotlinApiTo(Path root, String apiPackage, String kotlinPackage) {
        Map<String, String> files = generateKotlinApi(apiPackage, kotlinPackage);
        writeFiles(root, files);
        return files.size();
    }

    /**
     * The typed client of this schema, {@code <apiPackage>.<clientName>}: a {@code QmpConnection} with the methods
     * of {@code <apiPackage>.QmpCommandsApi} (generate that too, see {@link #generateReactiveApi}), with
     * {@code connect(QmpClientOptions)} wiring in this schema's events and {@code of(QmpConnection)} giving any
     * connection its command methods. Keyed by path relative to the output root.
     */
    public Map<String, String> generateClient(String apiPackage, String clientName) {
        return generateClient(apiPackage, clientName, false);
    }

    /** {@link #generateClient(String, String)}; with {@code guestAgent}, a client of the QEMU guest agent ({@code QgaConnection}). */
    public Map<String, String> generateClient(String apiPackage, String clientName, boolean guestAgent) {
        TypedClientEmitter emitter = new TypedClientEmitter(names, schemaName);
        JavaFile client = guestAgent ? emitter.emitGuestAgent(apiPackage, clientName, schema.commands())
                : emitter.emit(apiPackage, clientName, schema.commands());
        return Map.of(apiPackage.replace('.', '/') + "/" + clientName + ".java", client.toString());
    }

    /**
     * Kotlin: {@code <kotlinPackage>.coroutines()} on the client of {@link #generateClient}, giving it the suspend
     * commands of {@link #generateKotlinApi} (generated with the same packages). Keyed by path relative to the root.
     */
    public Map<String, String> generateKotlinClient(String apiPackage, String clientName, String kotlinPackage) {
        return new TypedClientEmitter(names, schemaName).emitKotlin(apiPackage, clientName, kotlinPackage, schema.commands());
    }

    private JavaFile reactiveApi(String apiPackage) {
        return new ReactiveApiEmitter(names, types, schemaName).emit(apiPackage, schema.commands());
    }

    private String apiPackageInfo(String pkg) {
        return "// Generated by the qmp-sdk QAPI code generator. Do not edit.\n"
                + "/** The reactive command API generated from " + schemaName + ". Nothing is null unless marked {@code @Nullable}. */\n"
                + "@" + Runtime.NULL_MARKED.canonicalName() + "\n"
                + "package " + pkg + ";\n";
    }

    private List<JavaFile> javaFiles(GenerationReport.Counter counter) {
        StructEmitter structs = new StructEmitter(names, types, UnionEmitter.embeddedStructs(schema));
        EnumEmitter enums = new EnumEmitter(names);
        UnionEmitter unions = new UnionEmitter(names, types);
        AlternateEmitter alternates = new AlternateEmitter(names, types);
        EventEmitter events = new EventEmitter(names, types);
        List<JavaFile> files = new ArrayList<>();
        List<EnumType> allEnums = new ArrayList<>();
        List<ObjectType> structList = new ArrayList<>();
        List<ObjectType> unionList = new ArrayList<>();
        List<AlternateType> alternateList = new ArrayList<>();
        List<ObjectType> argumentList = new ArrayList<>();
        for (Definition d : schema.definitions()) {
            String doc = Javadocs.forDefinition(d.info().doc(), d.name()) + Javadocs.availability(d.info());
            if (d instanceof EnumType e) {
                files.add(enums.emit(e, doc, GeneratedFile.origin("enum", d)));
                allEnums.add(e);
                counter.enums++;
            } else if (d instanceof ObjectType o && o.isUnion()) {
                files.add(unions.emit(o, doc, GeneratedFile.origin("union", d)));
                unionList.add(o);
                counter.unions++;
            } else if (d instanceof ObjectType o) {
                files.add(structs.emit(o, doc, GeneratedFile.origin("struct", d)));
                structList.add(o);
                counter.structs++;
            } else if (d instanceof AlternateType a) {
                files.add(alternates.emit(a, doc, GeneratedFile.origin("alternate", d)));
                alternateList.add(a);
                counter.alternates++;
            } else if (d instanceof Event e) {
                files.add(events.emit(e, doc, GeneratedFile.origin("event", d)));
                counter.events++;
            } else if (d instanceof Command c) {
                counter.commands++;
                ObjectType args = c.arguments();
                if (args != null && args.kind() == ObjectType.Kind.COMMAND_ARGUMENTS) {
                    String argsDoc = "The arguments of command {@code " + c.name() + "}.\n\n"
                            + (c.gen() ? "" : "<p>QEMU takes arguments beyond the declared ones for this command ({@code 'gen': false}):"
                                    + " set them with {@code Builder._additionalMember}.\n\n")
                            + doc;
                    // 'gen': false commands (device_add, netdev_add) take arguments the schema does not declare.
                    files.add(structs.emit(args, argsDoc, GeneratedFile.origin("arguments of command", d), !c.gen()));
                    argumentList.add(args);
                    counter.implicitTypes++;
                }
            }
        }
        for (EnumType e : schema.implicitEnums()) {
            String union = e.name().endsWith("Kind") ? e.name().substring(0, e.name().length() - 4) : e.name();
            files.add(enums.emit(e, "The branch names of the simple union {@code " + union + "} (its {@code type} member).\n",
                    "implicit enum '" + e.name() + "'"));
            allEnums.add(e);
            counter.implicitTypes++;
        }
        for (ObjectType o : schema.implicitObjectTypes()) {
            switch (o.kind()) {
                case NESTED -> {
                    files.add(structs.emit(o, "The nested member {@code " + o.ownerPart() + "} of {@code " + o.owner() + "}.\n",
                            "nested struct '" + o.name() + "'"));
                    structList.add(o);
                    counter.implicitTypes++;
                }
                // Event data, union bases and branch wrappers live inside their event and union classes.
                case EVENT_DATA, UNION_BASE, BRANCH_WRAPPER -> counter.implicitTypes++;
                default -> { }
            }
        }
        RegistryEmitter registry = new RegistryEmitter(names, types, schemaName);
        files.add(registry.commands(schema.commands()));
        files.add(registry.events(schema.events()));
        files.add(registry.index(allEnums, structList, unionList, alternateList, schema.events(), argumentList));
        files.add(IntrospectionAccessorEmitter.emit(names.introspectionClass(), schemaName, introspection().size()));
        return files;
    }

    private String packageInfo(String pkg) {
        return "// Generated by the qmp-sdk QAPI code generator. Do not edit.\n"
                + "/** Types generated from " + schemaName + ". Optional members are {@code @Nullable}; everything else is not. */\n"
                + "@" + Runtime.NULL_MARKED.canonicalName() + "\n"
                + "package " + pkg + ";\n";
    }
}
