package dev.qmpsdk.testkit;

/** The error classes and texts QEMU 7.2's monitor sends, in one place so the fake says exactly what QEMU says. */
final class QemuMessages {
    static final String GENERIC_ERROR = "GenericError";
    static final String COMMAND_NOT_FOUND = "CommandNotFound";

    static final String EXPECTING_CAPABILITIES = "Expecting capabilities negotiation with 'qmp_capabilities'";
    static final String ALREADY_NEGOTIATED = "Capabilities negotiation is already complete, command ignored";
    static final String NOT_AN_OBJECT = "QMP input must be a JSON object";
    static final String LACKS_EXECUTE = "QMP input lacks member 'execute'";
    static final String EXECUTE_CLASHES = "QMP input member 'execute' clashes with 'exec-oob'";

    private QemuMessages() {}

    static String commandNotFound(String command) {
        return "The command " + command + " has not been found";
    }

    static String parseError(String detail) {
        return "JSON parse error, " + detail;
    }

    static String unexpectedMember(String member) {
        return "QMP input member '" + member + "' is unexpected";
    }

    static String memberMustBe(String member, String what) {
        return "QMP input member '" + member + "' must be " + what;
    }
}
