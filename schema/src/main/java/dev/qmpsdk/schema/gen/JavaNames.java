package dev.qmpsdk.schema.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one naming rule that turns QAPI names into Java names. It is deterministic (the same schema always
 * gives the same names) and documented in ARCHITECTURE.md:
 *
 * <ol>
 *   <li><b>Words.</b> A QAPI name is split into words at {@code -}, {@code _}, {@code .} and at case humps
 *       ({@code KVMMissingCap} → KVM, Missing, Cap; {@code x86_64} → x86, 64).</li>
 *   <li><b>Types</b> are UpperCamel: {@code query-status} → {@code QueryStatus}; a name without separators
 *       keeps its own casing ({@code CpuInfoMIPS}). A type whose name is a {@code java.lang} class
 *       ({@code String}) is prefixed {@code Qapi} ({@code QapiString}), because same-package types would
 *       otherwise shadow {@code java.lang} in every generated file.</li>
 *   <li><b>Members and methods</b> are lowerCamel; an all-capital first word is lowered whole
 *       ({@code CPU} → {@code cpu}, {@code node-name} → {@code nodeName}).</li>
 *   <li><b>Constants</b> (enum values, command descriptors) are UPPER_SNAKE ({@code host-qmp-quit} →
 *       {@code HOST_QMP_QUIT}, {@code GenericError} → {@code GENERIC_ERROR}).</li>
 *   <li><b>Hazards.</b> A leading digit gets a {@code _} prefix ({@code 3des} → {@code _3DES}); a Java keyword,
 *       literal, {@code java.lang.Object} method or name the framework uses gets a {@code _} suffix
 *       ({@code default} → {@code default_}, {@code wait} → {@code wait_}).</li>
 *   <li><b>Clashes</b> left after that (two QAPI names giving one Java name within one scope) are resolved in
 *       schema order: the first keeps the name, later ones get {@code 2}, {@code 3}... appended. Type names are
 *       compared ignoring case, because file systems may.</li>
 * </ol>
 */
public final class JavaNames {
    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
            "yield", "record", "sealed", "permits", "non-sealed", "_");

    /** Methods of java.lang.Object and the names generated classes use for themselves. */
    private static final Set<String> RESERVED_MEMBERS = Set.of(
            "getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait", "clone", "finalize",
            "builder", "toBuilder", "of", "build", "eventName", "timestamp", "rawTimestamp");

    /** java.lang classes a same-package generated type would shadow. */
    private static final Set<String> JAVA_LANG = Set.of(
            "Appendable", "AutoCloseable", "Boolean", "Byte", "Character", "CharSequence", "Class", "ClassLoader",
            "Cloneable", "Comparable", "Compiler", "Deprecated", "Double", "Enum", "Error", "Exception", "Float",
            "FunctionalInterface", "Integer", "Iterable", "Long", "Math", "Module", "Number", "Object", "Override",
            "Package", "Process", "Record", "Runnable", "Runtime", "SafeVarargs", "Short", "StrictMath", "String",
            "StringBuilder", "StringBuffer", "SuppressWarnings", "System", "Thread", "Throwable", "Void");

    private JavaNames() {}

    /** Splits a QAPI name into words (rule 1). */
    public static List<String> words(String qapiName) {
        List<String> words = new ArrayList<>();
        for (String part : qapiName.split("[-_.+]+")) {
            splitHumps(part, words);
        }
        return words;
    }

    private static void splitHumps(String part, List<String> out) {
        int start = 0;
        for (int i = 1; i < part.length(); i++) {
            char prev = part.charAt(i - 1);
            char c = part.charAt(i);
            boolean next = i + 1 < part.length() && Character.isLowerCase(part.charAt(i + 1));
            boolean lowerToUpper = (Character.isLowerCase(prev) || Character.isDigit(prev)) && Character.isUpperCase(c);
            boolean acronymEnd = Character.isUpperCase(prev) && Character.isUpperCase(c) && next;
            if (lowerToUpper || acronymEnd) {
                out.add(part.substring(start, i));
                start = i;
            }
        }
        if (start < part.length()) {
            out.add(part.substring(start));
        }
    }

    /** A type name (rule 2), before clash resolution. */
    public static String typeName(String qapiName) {
        String name;
        if (qapiName.matches("[A-Za-z0-9]+")) {
            name = capitalize(qapiName);
        } else {
            StringBuilder sb = new StringBuilder();
            for (String w : words(qapiName)) {
                sb.append(capitalize(w));
            }
            name = sb.toString();
        }
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        return JAVA_LANG.contains(name) ? "Qapi" + name : name;
    }

    /** A member or method name (rule 3 and 5), before clash resolution. */
    public static String memberName(String qapiName) {
        List<String> words = words(qapiName);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i == 0) {
                sb.append(isAllUpper(w) ? w.toLowerCase(Locale.ROOT) : decapitalize(w));
            } else {
                sb.append(capitalize(w));
            }
        }
        String name = sb.length() == 0 ? "_" : sb.toString();
        if (Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        return KEYWORDS.contains(name) || RESERVED_MEMBERS.contains(name) ? name + "_" : name;
    }

    /**
     * The name of the method telling whether a decoded value's required member arrived: {@code has} and the
     * member's words ({@code encryption_key_missing} → {@code hasEncryptionKeyMissing}, {@code class} →
     * {@code hasClass}), before clash resolution.
     */
    public static String presenceName(String qapiName) {
        return memberName("has-" + qapiName);
    }

    /** A constant name (rule 4 and 5), before clash resolution. */
    public static String constantName(String qapiName) {
        String name = String.join("_", words(qapiName)).toUpperCase(Locale.ROOT);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        return name;
    }

    /** A package segment for a schema module file: its base name, lower case, letters and digits only. */
    public static String packageSegment(String module) {
        String base = module.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.endsWith(".json")) {
            base = base.substring(0, base.length() - 5);
        }
        String seg = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (seg.isEmpty() || Character.isDigit(seg.charAt(0))) {
            seg = "m" + seg;
        }
        return KEYWORDS.contains(seg) ? seg + "_" : seg;
    }

    private static boolean isAllUpper(String w) {
        boolean letter = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return letter;
    }

    static String capitalize(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static String decapitalize(String w) {
        return w.isEmpty() ? w : Character.toLowerCase(w.charAt(0)) + w.substring(1);
    }
}
