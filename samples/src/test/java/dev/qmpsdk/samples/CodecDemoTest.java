package dev.qmpsdk.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CodecDemoTest {
    @Test
    void tourDecodesEveryMessageTheWayItSays() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodecDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("156 commands, 37 events, 201 structs, 79 enums, 22 unions, 4 alternates"), out);
        assertTrue(out.contains("-> {\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"file\",\"node-name\":\"disk0\","
                + "\"read-only\":true,\"filename\":\"/var/lib/vm/disk0.img\"},\"id\":5}"), out);
        assertTrue(out.contains("greeting: QEMU 7.2.0, offers out-of-band execution"), out);
        assertTrue(out.contains("query-status reply as StatusInfo{running=true, singlestep=false, status=running}"), out);
        assertTrue(out.contains("typed StopEvent at 2024-11-22T18:26:40.052018Z"), out);
        assertTrue(out.contains("error reply to id 3: CommandNotFound"), out);
        assertTrue(out.contains("typed ShutdownEvent at 2024-11-22T18:26:41.000007Z, guest=false"), out);
        assertTrue(out.contains("event unknown to 2.11.2, kept raw: VFU_CLIENT_HANGUP"), out);
        assertTrue(out.contains("rejected with a clear error: reply to query-status at /return/status: expected a string, got the number 42"), out);
        assertTrue(out.contains("rejected with a clear error: QMP message: malformed JSON at line 1"), out);
    }
}
