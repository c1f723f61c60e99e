package dev.qmpsdk.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** The QAPI built-in type {@code null}: JSON {@code null} as a value of its own (used by alternates). */
public enum QapiNull implements QapiValue {
    INSTANCE;

    @Override
    public void _writeJson(JsonGenerator g) throws IOException {
        g.writeNull();
    }
}
