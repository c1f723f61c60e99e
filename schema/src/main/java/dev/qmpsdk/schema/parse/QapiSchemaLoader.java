package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.QapiSchema;
import dev.qmpsdk.schema.model.QapiSchemaException;
import dev.qmpsdk.schema.model.SchemaResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads a QAPI schema of any QEMU era (1.x to current) into a resolved {@link QapiSchema}.
 *
 * <pre>{@code
 * QapiSchema schema = QapiSchemaLoader.load(Path.of("qapi/qapi-schema.json"));
 * Command stop = schema.command("stop").orElseThrow();
 *
 * // damaged 1.x sources: accept missing/trailing commas and unknown keys, and say where
 * QapiSchema old = QapiSchemaLoader.load(path, QapiSchemaLoader.Options.LENIENT);
 * old.warnings().forEach(System.err::println);
 *
 * // in memory, includes served by a function (module path relative to the main file -> text)
 * QapiSchema mem = QapiSchemaLoader.parse("main.json", "{ 'include': 'a.json' }",
 *         QapiSchemaLoader.Options.STRICT.withIncludeSource(Map.of("a.json", "{ 'enum': 'E', 'data': ['x'] }")::get));
 * }</pre>
 *
 * <p>Every problem is a {@link QapiSchemaException} whose message starts with {@code file:line:column}.
 */
public final class QapiSchemaLoader {
    private QapiSchemaLoader() {}

    /**
     * How to load.
     *
     * @param lenient accept the damage early QAPI let through (a missing comma between dict entries or list
     *     elements, a trailing comma, unknown keys, numbers, unclosed doc blocks) and report it in
     *     {@link QapiSchema#warnings()} instead of failing
     * @param includeSource for {@link #parse}: returns the text of an included module (path relative to the
     *     main file, {@code /} separators) or null when there is none; null means includes are an error
     */
    public record Options(boolean lenient, @Nullable Function<String, @Nullable String> includeSource) {
        /** Fail on anything current QEMU would reject. */
        public static final Options STRICT = new Options(false, null);
        /** Accept 1.x damage as warnings. */
        public static final Options LENIENT = new Options(true, null);
        /** The default: {@link #STRICT}. */
        public static final Options DEFAULT = STRICT;

        public Options withLenient(boolean lenient) {
            return new Options(lenient, includeSource);
        }

        public Options withIncludeSource(@Nullable Function<String, @Nullable String> includeSource) {
            return new Options(lenient, includeSource);
        }
    }

    /** Loads the schema whose main file is {@code mainFile}, strictly. */
    public static QapiSchema load(Path mainFile) {
        return load(mainFile, Options.DEFAULT);
    }

    /**
     * Loads the schema whose main file is {@code mainFile}; includes are read from disk relative to the
     * including file.
     */
    public static QapiSchema load(Path mainFile, Options options) {
        Objects.requireNonNull(options);
        Path directory = mainFile.getParent() == null ? Path.of("") : mainFile.getParent();
        String mainModule = mainFile.getFileName().toString();
        SourceProvider files = new SourceProvider() {
            @Override
            public String read(String module) throws IOException {
                return Files.readString(directory.resolve(module), StandardCharsets.UTF_8);
            }

            @Override
            public String displayName(String module) {
                return module.equals(mainModule) ? mainFile.toString() : directory.resolve(module).normalize().toString();
            }
        };
        String text;
        try {
            text = files.read(mainModule);
        } catch (IOException e) {
            throw new QapiSchemaException(null, "cannot read schema file " + mainFile + ": " + e, e);
        }
        return assemble(mainModule, text, files, options);
    }

    /**
     * Parses a schema held in memory. {@code fileName} names it in locations and is the base for include
     * paths, which {@link Options#includeSource()} serves.
     */
    public static QapiSchema parse(String fileName, String text, Options options) {
        Function<String, @Nullable String> includes = options.includeSource();
        SourceProvider memory = new SourceProvider() {
            @Override
            public String read(String module) throws IOException {
                String source = includes == null ? null : includes.apply(module);
                if (source == null) {
                    throw new NoSuchFileException(module);
                }
                return source;
            }

            @Override
            public String displayName(String module) {
                return module;
            }
        };
        return assemble(fileName, text, memory, options);
    }

    private static QapiSchema assemble(String mainModule, String text, SourceProvider sources, Options options) {
        Diagnostics diagnostics = new Diagnostics(options.lenient());
        ModuleAssembler assembler = new ModuleAssembler(sources, diagnostics);
        assembler.readMain(mainModule, text);
        return SchemaResolver.resolve(
                assembler.declarations(), assembler.pragmas(), assembler.modules(), diagnostics.warnings());
    }
}
