package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A value of a generated QAPI type (struct, union, alternate, enum) that can write itself as JSON.
 * The underscore keeps the method clear of any member name a schema could define.
 */
public interface QapiValue {
    /** Writes this value as one complete JSON value, exactly as QMP expects it on the wire. */
    void _writeJson(JsonGenerator g) throws IOException;
}
