package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.ast.Declaration;
import dev.qmpsdk.schema.model.QapiSchemaException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the main module and, depth first at the point of each {@code include}, every module it includes,
 * each at most once (so diamonds and cycles are fine, as in QEMU). Collects the declarations in that
 * order and merges the {@code pragma} expressions.
 */
final class ModuleAssembler {
    private final SourceProvider sources;
    private final Diagnostics diagnostics;
    private final DeclarationReader reader;
    private final Set<String> seenModules = new HashSet<>();
    private final List<String> modules = new ArrayList<>();
    private final List<Declaration> declarations = new ArrayList<>();
    private final Map<String, Object> pragmas = new LinkedHashMap<>();

    ModuleAssembler(SourceProvider sources, Diagnostics diagnostics) {
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.reader = new DeclarationReader(diagnostics);
    }

    void readMain(String module, String text) {
        seenModules.add(module);
        readModule(module, text);
    }

    List<String> modules() {
        return modules;
    }

    List<Declaration> declarations() {
        return declarations;
    }

    Map<String, Object> pragmas() {
        return pragmas;
    }

    private void readModule(String module, String text) {
        modules.add(module);
        for (SchemaFileParser.TopLevelExpression top : SchemaFileParser.parse(sources.displayName(module), text, diagnostics)) {
            switch (DeclarationReader.metaKey(top.expression())) {
                case "include" -> include(top.expression(), module);
                case "pragma" -> pragma(top.expression());
                default -> declarations.add(reader.read(top, module));
            }
        }
    }

    private void include(Node.Dict expression, String fromModule) {
        reader.keys().check(expression, "include", Set.of("include"));
        String path = reader.keys().requireString(expression, "include", "include");
        String module = resolve(fromModule, path);
        if (!seenModules.add(module)) {
            return;
        }
        String text;
        try {
            text = sources.read(module);
        } catch (IOException e) {
            throw new QapiSchemaException(expression.location(),
                    "cannot read included file '" + path + "' (looked for " + sources.displayName(module) + "): " + e, e);
        }
        readModule(module, text);
    }

    /** Include paths are relative to the including file; modules are named relative to the main file. */
    static String resolve(String fromModule, String includePath) {
        Path parent = Path.of(fromModule).getParent();
        Path target = parent == null ? Path.of(includePath) : parent.resolve(includePath);
        return target.normalize().toString().replace('\\', '/');
    }

    /** Later pragmas override earlier keys, except lists (the name exception lists), which are joined. */
    private void pragma(Node.Dict expression) {
        reader.keys().check(expression, "pragma", Set.of("pragma"));
        Node value = expression.get("pragma");
        if (!(value instanceof Node.Dict dict)) {
            throw new QapiSchemaException(expression.location(), "'pragma' must be a dict");
        }
        dict.entries().forEach((key, entry) -> {
            Object plain = entry.value().plain();
            if (pragmas.get(key) instanceof List<?> earlier && plain instanceof List<?> later) {
                List<Object> joined = new ArrayList<>(earlier);
                joined.addAll(later);
                pragmas.put(key, List.copyOf(joined));
            } else {
                pragmas.put(key, plain);
            }
        });
    }
}
