package dev.qmpsdk.schema.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replaces whole output directories that a build tool owns ({@code target/generated-sources/qapi}...) with new
 * content, so that a compiler never sees a half-written or stale set: every file is first written into a staging
 * directory beside its target, and only when all of them are written does each target give way to its staging
 * directory. A failure deletes the staging directories and the targets, so nothing generated remains to compile.
 * A directory that already holds exactly its files is left untouched (its timestamps too), so rerunning on an
 * unchanged schema makes the compiler recompile nothing.
 *
 * <pre>{@code
 * StagedOutput.replace(Map.of(Path.of("target/generated-sources/qapi"), sources.java()));
 * }</pre>
 */
public final class StagedOutput {
    private StagedOutput() {}

    /**
     * Makes each directory hold exactly its files (paths relative to it).
     *
     * @param outputs directory to its files; the directories must be distinct and none inside another
     * @throws IOException when a file cannot be written or a directory replaced; the directories are then deleted
     */
    public static void replace(Map<Path, Map<String, String>> outputs) throws IOException {
        List<Path> targets = outputs.keySet().stream().map(p -> p.toAbsolutePath().normalize()).toList();
        for (Path a : targets) {
            for (Path b : targets) {
                if (a != b && b.startsWith(a)) {
                    throw new IllegalArgumentException("output directory " + b + " is inside " + a + ", which is replaced whole");
                }
            }
        }
        Map<Path, Path> staging = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, Map<String, String>> e : outputs.entrySet()) {
                Path target = e.getKey().toAbsolutePath().normalize();
                if (holdsExactly(target, e.getValue())) {
                    continue; // untouched, so an incremental compiler sees nothing new
                }
                Files.createDirectories(target.getParent());
                Path stage = Files.createTempDirectory(target.getParent(), target.getFileName() + ".staging-");
                staging.put(target, stage);
                writeInto(stage, e.getValue());
            }
            for (Map.Entry<Path, Path> e : staging.entrySet()) {
                deleteTree(e.getKey());
                move(e.getValue(), e.getKey());
            }
        } catch (IOException | RuntimeException e) {
            List<Path> left = new ArrayList<>(staging.values());
            outputs.keySet().forEach(p -> left.add(p.toAbsolutePath().normalize()));
            deleteQuietly(left, e);
            throw e;
        }
    }

    /**
     * Writes files into a directory that may hold other files (a command-line user's source folder): nothing is
     * deleted or replaced beyond the files written.
     */
    public static void writeInto(Path directory, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = directory.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Deletes directories a failed run must not leave for the compiler (stale output of an earlier run). */
    public static void delete(Iterable<Path> directories) throws IOException {
        for (Path p : directories) {
            deleteTree(p);
        }
    }

    /** Whether {@code dir} already holds exactly these files with this content (an unchanged schema's rerun). */
    static boolean holdsExactly(Path dir, Map<String, String> files) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        List<Path> present;
        try (Stream<Path> s = Files.walk(dir)) {
            present = s.filter(Files::isRegularFile).toList();
        }
        if (present.size() != files.size()) {
            return false;
        }
        for (Path p : present) {
            String content = files.get(dir.relativize(p).toString().replace('\\', '/'));
            if (content == null || !content.equals(Files.readString(p, StandardCharsets.UTF_8))) {
                return false;
            }
        }
        return true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(List<Path> paths, Exception failure) {
        for (Path p : paths) {
            try {
                deleteTree(p);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
