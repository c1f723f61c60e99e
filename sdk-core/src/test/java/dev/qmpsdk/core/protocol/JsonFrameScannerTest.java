package dev.qmpsdk.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFrameScannerTest {
    private static List<String> frames(String stream) {
        JsonFrameScanner scanner = new JsonFrameScanner();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < bytes.length; i++) {
            switch (scanner.next(bytes[i])) {
                case FRAME_START -> start = i;
                case FRAME_END -> out.add(new String(bytes, start, i + 1 - start, StandardCharsets.UTF_8));
                case GARBAGE -> out.add("garbage:" + (char) bytes[i]);
                default -> { }
            }
        }
        return out;
    }

    @Test
    void framesByValueNotByLine() {
        assertEquals(List.of("{\"a\": 1}", "{\"b\": [1,\n {\"c\": 2}]}", "[]"),
                frames("{\"a\": 1}\r\n{\"b\": [1,\n {\"c\": 2}]}[]"));
    }

    @Test
    void bracketsInsideStringsAndEscapesDoNotCount() {
        assertEquals(List.of("{\"desc\": \"a } b { \\\" ] [ \\\\\"}"), frames("{\"desc\": \"a } b { \\\" ] [ \\\\\"}"));
    }

    @Test
    void garbageBetweenValuesIsReportedBytePerByte() {
        assertEquals(List.of("garbage:x", "garbage:y", "{}"), frames("xy {}"));
    }

    @Test
    void aPartialValueWaitsForMoreBytes() {
        JsonFrameScanner s = new JsonFrameScanner();
        for (byte b : "{\"a\": \"}".getBytes(StandardCharsets.UTF_8)) {
            s.next(b);
        }
        assertEquals(true, s.inFrame());
        assertEquals(JsonFrameScanner.Step.INSIDE, s.next((byte) '"'));
        assertEquals(JsonFrameScanner.Step.FRAME_END, s.next((byte) '}'));
        s.next((byte) '{');
        s.reset();
        assertEquals(false, s.inFrame());
    }

    /** Frames and garbage as found by the bulk scan, fed in chunks of the given size. */
    private static List<String> framesInBulk(String stream, int chunk) {
        JsonFrameScanner scanner = new JsonFrameScanner();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int from = 0; from < bytes.length; from += chunk) {
            int to = Math.min(bytes.length, from + chunk);
            int pos = from;
            while (pos < to) {
                int end = scanner.scan(bytes, pos, to);
                if (scanner.valueStart() >= 0) {
                    start = scanner.valueStart();
                }
                if (end < 0) {
                    break;
                }
                out.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
                pos = end;
            }
        }
        int garbage = scanner.takeGarbage();
        if (garbage > 0) {
            out.add("garbage bytes: " + garbage);
        }
        return out;
    }

    @Test
    void bulkScanFindsTheSameFramesInAnyChunking() {
        String stream = "  {\"a\": 1}\r\n{\"b\": [1,\n {\"c\": \"} ] \\\" {\"}]}[]x{\"QMP\": {}}\r\n";
        List<String> expected = new ArrayList<>(frames(stream).stream().filter(f -> !f.startsWith("garbage:")).toList());
        expected.add("garbage bytes: 1");
        for (int chunk = 1; chunk <= stream.length(); chunk++) {
            assertEquals(expected, framesInBulk(stream, chunk), "chunks of " + chunk);
        }
        assertEquals(0, new JsonFrameScanner().takeGarbage());
    }

    /** Bulk scanning with the resynchronising scanner: frames, and "cut:<bytes>" for each broken value dropped. */
    private static List<String> resynced(String stream, int chunk) {
        JsonFrameScanner scanner = JsonFrameScanner.cuttingAtRawNewline();
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int from = 0; from < bytes.length; from += chunk) {
            int to = Math.min(bytes.length, from + chunk);
            int offset = from;
            while (offset < to) {
                int end = scanner.scan(bytes, offset, to);
                if (scanner.valueStart() >= 0) {
                    start = scanner.valueStart();
                }
                if (end < 0) {
                    break;
                }
                String text = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
                out.add(scanner.wasCut() ? "cut:" + text.strip() : text);
                offset = end;
            }
        }
        return out;
    }

    @Test
    void aRawNewlineInsideAValueCutsThatBrokenValueAndTheNextOneIsFramed() {
        String ok = "{\"return\": {}, \"id\": 1}";
        for (int chunk : new int[] {1, 3, 7, 1000}) {
            assertEquals(List.of(ok, "cut:{", ok), resynced(ok + "\r\n{\r\n" + ok + "\r\n", chunk), "chunks of " + chunk);
            assertEquals(List.of("cut:{\"return\": {\"sta", ok), resynced("{\"return\": {\"sta\r\n" + ok, chunk));
            assertEquals(List.of("cut:[\u00ff\u00fe", ok), resynced("[\u00ff\u00fe\r\n" + ok, chunk));
            // An escaped newline is two bytes, not a newline; no newline at all is fine too.
            assertEquals(List.of("{\"s\": \"a\\nb\"}", ok), resynced("{\"s\": \"a\\nb\"}" + ok, chunk));
        }
        // The plain scanner (what a server reads from clients) accepts newlines inside values.
        assertEquals(List.of("{\"a\":\n 1}"), frames("{\"a\":\n 1}"));
    }
}
