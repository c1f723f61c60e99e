package dev.qmpsdk.schema.parse;

import dev.qmpsdk.schema.model.QapiSchemaException;
import dev.qmpsdk.schema.model.SchemaWarning;
import dev.qmpsdk.schema.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what happens to damage that old QEMU accepted: a warning in lenient mode, an error otherwise.
 * One instance per load, shared by every file of the schema.
 */
final class Diagnostics {
    private final boolean lenient;
    private final List<SchemaWarning> warnings = new ArrayList<>();

    Diagnostics(boolean lenient) {
        this.lenient = lenient;
    }

    boolean lenient() {
        return lenient;
    }

    /** Records the damage as a warning when lenient, else fails with it. */
    void tolerate(SourceLocation location, String message) {
        if (!lenient) {
            throw new QapiSchemaException(location, message + " (accepted only in lenient mode)");
        }
        warnings.add(new SchemaWarning(location, message));
    }

    List<SchemaWarning> warnings() {
        return List.copyOf(warnings);
    }
}
