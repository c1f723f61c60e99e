package dev.qmpsdk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code qmp --version}: the SDK version and the QEMU version of the compiled schema, both from
 * {@code version.properties}, which the build fills in from the poms (nothing is written down twice).
 */
final class CliVersion implements CommandLine.IVersionProvider {
    private static final Properties PROPERTIES = load();

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String sdk() {
        return PROPERTIES.getProperty("sdk");
    }

    /** The QEMU version whose QAPI schema the commands are checked against and completed from, e.g. {@code 2.11.2}. */
    static String schema() {
        return PROPERTIES.getProperty("schema");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "qmp " + sdk() + " (qmp-sdk command line)",
            "QAPI schema: QEMU " + schema() + " (commands and arguments are checked and completed against it)",
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing next to " + CliVersion.class.getName()
                        + ": the qmp jar was not built by the cli module's Maven build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties of the qmp command line", e);
        }
        for (String key : new String[] {"sdk", "schema"}) {
            String value = p.getProperty(key);
            if (value == null || value.isBlank() || value.startsWith("${")) {
                throw new IllegalStateException("version.properties has no build value for '" + key + "' (" + value
                        + "): the cli module's resources were not filtered by Maven");
            }
        }
        return p;
    }
}
