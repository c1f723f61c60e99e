package dev.qmpsdk.schema.gen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The imports of one generated Kotlin file, so that its code and KDoc name types as a person would ({@code StatusInfo},
 * {@code [StatusInfo]}) rather than fully qualified.
 *
 * <p>A file is rendered twice: the first pass {@linkplain #ref records} every type it names, the second
 * ({@link #resolve()}) writes a simple name wherever that is unambiguous. A simple name stays qualified, for
 * every type that has it, when two types of the file share it (two {@code StatusInfo}s of different packages),
 * when it is one of Kotlin's default imports ({@code String}, {@code List}, {@code Unit}... written bare
 * for Kotlin's own type), or when the file declares a class of that name and the type is another one (a nested
 * DSL class would shadow the import). The outcome does not depend on the order in which types are met.
 *
 * <pre>{@code
 * KotlinImports imports = new KotlinImports("com.example.kotlin", Set.of());
 * imports.ref("com.example.StatusInfo");          // first pass: recorded
 * imports.resolve();
 * imports.ref("com.example.StatusInfo");          // "StatusInfo"
 * imports.importBlock();                          // "import com.example.StatusInfo\n"
 * }</pre>
 */
final class KotlinImports {
    /** Simple names Kotlin imports by default (kotlin.*, kotlin.collections.*, java.lang.*) that the generated code may use. */
    private static final Set<String> DEFAULT_NAMES = Set.of(
            "Any", "Array", "Boolean", "Byte", "Char", "Comparable", "Deprecated", "Double", "Enum", "Error", "Exception",
            "Float", "Function", "Int", "Iterable", "Lazy", "List", "Long", "Map", "Nothing", "Number", "Pair", "Result",
            "Set", "Short", "String", "Throwable", "Triple", "Unit", "Collection", "Sequence", "Regex", "Void", "Object",
            "Thread", "Runtime", "Process", "System", "Math", "Class", "Character", "Integer", "Override", "Suppress");

    private final String filePackage;
    private final Set<String> declared;
    private final Map<String, Set<String>> bySimpleName = new HashMap<>();
    private final Set<String> functions = new TreeSet<>();
    private boolean resolved;

    /**
     * @param filePackage the file's package (its types need no import)
     * @param declared simple names of the classes the file declares, nested ones included
     */
    KotlinImports(String filePackage, Set<String> declared) {
        this.filePackage = filePackage;
        this.declared = Set.copyOf(declared);
    }

    /** Ends the recording pass. */
    void resolve() {
        resolved = true;
    }

    /**
     * How the file names the top-level type {@code qualified} (or a nested one: {@code outerQualified + "." + nested},
     * given as {@link #ref(String, String)}).
     */
    String ref(String qualified) {
        return ref(qualified, "");
    }

    /** A nested class {@code nested} (e.g. {@code "Builder"}, {@code "File"}) of top-level {@code qualified}. */
    String ref(String qualified, String nested) {
        String suffix = nested.isEmpty() ? "" : "." + nested;
        int dot = qualified.lastIndexOf('.');
        String simple = qualified.substring(dot + 1);
        String pkg = dot < 0 ? "" : qualified.substring(0, dot);
        if (pkg.equals("kotlin") || pkg.equals("kotlin.collections")) {
            return simple + suffix;
        }
        if (!resolved) {
            bySimpleName.computeIfAbsent(simple, k -> new HashSet<>()).add(qualified);
            return qualified + suffix;
        }
        return simpleUsable(simple) ? simple + suffix : qualified + suffix;
    }

    private boolean simpleUsable(String simple) {
        Set<String> owners = bySimpleName.getOrDefault(simple, Set.of());
        if (owners.size() != 1 || DEFAULT_NAMES.contains(simple)) {
            return false;
        }
        // A declared name is usable for the declared class itself (same package), never for another type.
        return !declared.contains(simple) || owners.iterator().next().equals(filePackage + "." + simple);
    }

    /** Imports a top-level function (such as {@code kotlinx.coroutines.reactor.awaitSingle}) by its qualified name. */
    void importFunction(String qualified) {
        functions.add("import " + qualified);
    }

    /** The import lines (sorted, then a blank line), for the types named by their simple name outside this package. */
    String importBlock() {
        Set<String> lines = new TreeSet<>(functions);
        bySimpleName.forEach((simple, owners) -> {
            if (simpleUsable(simple)) {
                String q = owners.iterator().next();
                if (!q.substring(0, q.lastIndexOf('.')).equals(filePackage)) {
                    lines.add("import " + q);
                }
            }
        });
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n\n";
    }
}
