package dev.qmpsdk.samples;

import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.protocol.QmpCodec;
import dev.qmpsdk.core.protocol.QmpEvent;
import dev.qmpsdk.core.protocol.QmpGreeting;
import dev.qmpsdk.core.protocol.QmpMessage;
import dev.qmpsdk.core.protocol.QmpReply;
import dev.qmpsdk.core.protocol.RawEvent;
import dev.qmpsdk.core.qapi.QapiTypes;
import dev.qmpsdk.core.qapi.QmpCommands;
import dev.qmpsdk.core.qapi.QmpEvents;
import dev.qmpsdk.core.qapi.blockcore.BlockdevOptions;
import dev.qmpsdk.core.qapi.runstate.ShutdownEvent;
import dev.qmpsdk.core.qapi.runstate.StatusInfo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The main job until the reactive client lands: a tour of the typed 2.11.2 model and the codec, on the
 * messages a real QEMU 7.2 sends (a newer server than the compiled schema).
 */
public final class CodecDemo {
    /** Messages shaped like those a QEMU 7.2 monitor sends (as described in DESIGN.md), in the order it sends them. */
    static final List<String> SERVER_MESSAGES = List.of(
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"Debian 1:7.2+dfsg-7\"},"
                    + " \"capabilities\": [\"oob\"]}}",
            "{\"return\": {}, \"id\": 1}",
            "{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}, \"id\": 2}",
            "{\"timestamp\": {\"seconds\": 1732300000, \"microseconds\": 52018}, \"event\": \"STOP\"}",
            "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command query-cpus has not been found\"}, \"id\": 3}",
            "{\"timestamp\": {\"seconds\": 1732300001, \"microseconds\": 7}, \"event\": \"SHUTDOWN\","
                    + " \"data\": {\"guest\": false, \"reason\": \"host-qmp-quit\"}}",
            "{\"timestamp\": {\"seconds\": 1732300002, \"microseconds\": 8}, \"event\": \"VFU_CLIENT_HANGUP\","
                    + " \"data\": {\"vfu-id\": \"vfu0\", \"vfu-qom-path\": \"/objects/vfu0\", \"dev-id\": \"sas1\"}}",
            "{\"return\": {\"status\": 42}, \"id\": 4}",
            "{\"return\": {\"status\": \"running\",, }");

    private CodecDemo() {}

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        QmpCodec codec = QmpCodec.of(QmpEvents.REGISTRY);
        out.printf("qmp-sdk: the QEMU 2.11.2 schema, generated: %d commands, %d events, %d structs, %d enums, %d unions, %d alternates%n%n",
                QmpCommands.ALL.size(), QmpEvents.REGISTRY.names().size(), QapiTypes.STRUCTS.size(), QapiTypes.ENUMS.size(),
                QapiTypes.UNIONS.size(), QapiTypes.ALTERNATES.size());

        out.println("Requests the client would send:");
        out.println("  -> " + utf8(codec.encodeRequest(QmpCommands.QUERY_STATUS, null, 2)));
        BlockdevOptions disk = BlockdevOptions.File.of(b -> b.nodeName("disk0").readOnly(true).data(d -> d.filename("/var/lib/vm/disk0.img")));
        out.println("  -> " + utf8(codec.encodeRequest(QmpCommands.BLOCKDEV_ADD, disk, 5)));
        out.println();

        out.println("What a QEMU 7.2 server sends, decoded:");
        for (String message : SERVER_MESSAGES) {
            out.println("  <- " + message);
            out.println("     " + describe(codec, message));
        }
    }

    private static String describe(QmpCodec codec, String message) {
        try {
            QmpMessage m = codec.decodeMessage(message);
            if (m instanceof QmpGreeting g) {
                return "greeting: QEMU " + g.version() + (g.offersOob() ? ", offers out-of-band execution" : "");
            }
            if (m instanceof QmpReply r && r.isError()) {
                return "error reply to id " + r.id() + ": " + r.errorClass() + " (" + r.errorDescription() + ")";
            }
            if (m instanceof QmpReply r && r.id() != null && r.id().asInt() >= 2) {
                StatusInfo status = codec.decodeResult(QmpCommands.QUERY_STATUS, r);
                return "query-status reply as " + status;
            }
            if (m instanceof QmpReply r) {
                return "empty reply to id " + r.id();
            }
            if (m instanceof ShutdownEvent s) {
                return "typed " + s.getClass().getSimpleName() + " at " + s.timestamp() + ", guest=" + s.guest()
                        + " (the 7.2 member 'reason' is newer than 2.11.2 and ignored)";
            }
            if (m instanceof RawEvent raw) {
                return "event unknown to 2.11.2, kept raw: " + raw.eventName() + " " + raw.data();
            }
            if (m instanceof QmpEvent e) {
                return "typed " + e.getClass().getSimpleName() + " at " + e.timestamp();
            }
            return m.toString();
        } catch (QmpProtocolException e) {
            return "rejected with a clear error: " + e.getMessage();
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
