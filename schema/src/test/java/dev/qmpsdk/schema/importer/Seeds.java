package dev.qmpsdk.schema.importer;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the seed documents for tests: system property {@code qmpsdk.seeds.dir} (set by surefire). */
final class Seeds {
    static final String SCHEMA_SEED = "003_f38e037d18e77a60.txt";
    static final String MAN_PAGE_SEED = "000_2a28d86bcf41dded.txt";

    private Seeds() {
    }

    /** The seed file, or a test failure saying where it was looked for. Never a skip. */
    static Path require(String fileName) {
        String dir = System.getProperty("qmpsdk.seeds.dir");
        if (dir == null || dir.isBlank()) {
            fail("system property qmpsdk.seeds.dir is not set; the root pom passes it to surefire"
                    + " (default ${maven.multiModuleProjectDirectory}/../shared/seeds)");
        }
        Path file = Path.of(dir).resolve(fileName).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            fail("seed " + fileName + " not found at " + file + " (from qmpsdk.seeds.dir=" + dir + ")");
        }
        return file;
    }

    /** The committed schema/qapi directory (surefire runs with the module directory as basedir). */
    static Path committedSchemaDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("qapi");
    }
}
