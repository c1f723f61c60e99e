package dev.qmpsdk.schema.gen;

import com.palantir.javapoet.ClassName;

/**
 * The sdk-core runtime classes that generated code uses. The generator does not depend on sdk-core (that
 * would be a cycle), so the names are written here, once.
 */
final class Runtime {
    static final String CODEC = "dev.qmpsdk.core.codec";
    static final String PROTOCOL = "dev.qmpsdk.core.protocol";

    static final ClassName DECODE_CONTEXT = ClassName.get(CODEC, "DecodeContext");
    static final ClassName QAPI_JSON = ClassName.get(CODEC, "QapiJson");
    static final ClassName BUFFERED_MEMBERS = ClassName.get(CODEC, "BufferedMembers");
    static final ClassName INT_KIND = ClassName.get(CODEC, "IntKind");
    static final ClassName QAPI_VALUE = ClassName.get(CODEC, "QapiValue");
    static final ClassName QAPI_ENUM = ClassName.get(CODEC, "QapiEnum");
    static final ClassName QAPI_NULL = ClassName.get(CODEC, "QapiNull");
    static final ClassName MISSING_MEMBERS = ClassName.get(CODEC, "MissingMembers");
    static final ClassName MISSING_MEMBER_EXCEPTION = ClassName.get("dev.qmpsdk.core", "QmpMissingMemberException");
    static final ClassName VALUE_READER = ClassName.get(CODEC, "ValueReader");
    static final ClassName QMP_EVENT = ClassName.get(PROTOCOL, "QmpEvent");
    static final ClassName QMP_TIMESTAMP = ClassName.get(PROTOCOL, "QmpTimestamp");
    static final ClassName EVENT_REGISTRY = ClassName.get(PROTOCOL, "EventRegistry");
    static final ClassName COMMAND_DESCRIPTOR = ClassName.get(PROTOCOL, "CommandDescriptor");

    static final ClassName JSON_PARSER = ClassName.get("com.fasterxml.jackson.core", "JsonParser");
    static final ClassName JSON_GENERATOR = ClassName.get("com.fasterxml.jackson.core", "JsonGenerator");
    static final ClassName JSON_TOKEN = ClassName.get("com.fasterxml.jackson.core", "JsonToken");
    static final ClassName JSON_NODE = ClassName.get("com.fasterxml.jackson.databind", "JsonNode");
    static final ClassName OBJECT_NODE = ClassName.get("com.fasterxml.jackson.databind.node", "ObjectNode");
    static final ClassName NULLABLE = ClassName.get("org.jspecify.annotations", "Nullable");
    static final ClassName NULL_MARKED = ClassName.get("org.jspecify.annotations", "NullMarked");

    private Runtime() {}
}
