package dev.qmpsdk.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.codec.QapiJson;
import dev.qmpsdk.core.protocol.EventRegistry;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.QmpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one framed JSON value into a {@link QmpRequest}, or into the error QEMU 7.2 answers for it
 * ({@code JSON parse error, ...} without id, {@code QMP input lacks member 'execute'} with the id...).
 * The codec is strict so that members QEMU rejects are rejected here too; only such rejected input is
 * parsed a second time, as a tree, to find out what QEMU would say.
 */
final class RequestDecoder {
    /** What a frame decoded to. */
    sealed interface Result permits Decoded, Rejected {}

    /** A well-formed request. */
    record Decoded(QmpRequest request) implements Result {}

    /** Input QEMU would refuse, with the error it would send (id null when it sends none). */
    record Rejected(@Nullable JsonNode id, String errorClass, String description) implements Result {}

    private static final Set<String> REQUEST_MEMBERS = Set.of("execute", "exec-oob", "arguments", "id");

    private final QmpCodec codec = QmpCodec.of(EventRegistry.empty()).withStrict(true);

    Result decode(byte[] buffer, int length) {
        try {
            QmpMessage message = codec.decodeMessage(buffer, 0, length);
            // The codec takes the last of 'execute' and 'exec-oob'; QEMU refuses both at once, so an
            // out-of-band request (rare) is checked again as a tree.
            if (message instanceof QmpRequest request && !request.oob()) {
                return new Decoded(request);
            }
            if (message instanceof QmpRequest request && !hasExecute(buffer, length)) {
                return new Decoded(request);
            }
        } catch (QmpProtocolException e) {
            // diagnosed below
        }
        return diagnose(buffer, length);
    }

    private static boolean hasExecute(byte[] buffer, int length) {
        try {
            return QapiJson.TREE_MAPPER.readTree(buffer, 0, length).has("execute");
        } catch (IOException e) {
            return true; // let diagnose() say what is wrong
        }
    }

    /** Garbage between values: QEMU's lexer names the offending keyword or character. */
    Rejected garbage(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = 0;
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            end++;
        }
        String detail = end > 0
                ? "invalid keyword '" + text.substring(0, end) + "'"
                : "stray '" + text.substring(0, text.offsetByCodePoints(0, 1)) + "'";
        return new Rejected(null, QemuMessages.GENERIC_ERROR, QemuMessages.parseError(detail));
    }

    private static Rejected diagnose(byte[] buffer, int length) {
        JsonNode tree;
        try {
            tree = QapiJson.TREE_MAPPER.readTree(buffer, 0, length);
        } catch (JsonProcessingException e) {
            String detail = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("invalid input");
            return new Rejected(null, QemuMessages.GENERIC_ERROR, QemuMessages.parseError(detail));
        } catch (IOException e) {
            return new Rejected(null, QemuMessages.GENERIC_ERROR, QemuMessages.parseError(String.valueOf(e.getMessage())));
        }
        if (tree == null || !tree.isObject()) {
            return new Rejected(null, QemuMessages.GENERIC_ERROR, QemuMessages.NOT_AN_OBJECT);
        }
        JsonNode id = tree.get("id");
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String member = names.next();
            if (!REQUEST_MEMBERS.contains(member)) {
                return generic(id, QemuMessages.unexpectedMember(member));
            }
        }
        JsonNode execute = tree.has("execute") ? tree.get("execute") : tree.get("exec-oob");
        String executeMember = tree.has("execute") ? "execute" : "exec-oob";
        if (execute == null) {
            return generic(id, QemuMessages.LACKS_EXECUTE);
        }
        if (tree.has("execute") && tree.has("exec-oob")) {
            return generic(id, QemuMessages.EXECUTE_CLASHES);
        }
        if (!execute.isTextual()) {
            return generic(id, QemuMessages.memberMustBe(executeMember, "a string"));
        }
        JsonNode arguments = tree.get("arguments");
        if (arguments != null && !arguments.isObject()) {
            return generic(id, QemuMessages.memberMustBe("arguments", "an object"));
        }
        return generic(id, "QMP input is not a valid request");
    }

    private static Rejected generic(@Nullable JsonNode id, String description) {
        return new Rejected(id, QemuMessages.GENERIC_ERROR, description);
    }
}
