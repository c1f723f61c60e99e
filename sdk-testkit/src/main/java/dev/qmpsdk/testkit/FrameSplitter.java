package dev.qmpsdk.testkit;

import dev.qmpsdk.core.protocol.JsonFrameScanner;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into JSON values with {@link JsonFrameScanner} (never by line), and reports bytes
 * between values that cannot start one as garbage. Keeps a partial value across reads. Not thread-safe:
 * one per connection.
 */
final class FrameSplitter {
    /** Receives what the splitter found. */
    interface Sink {
        /** One complete JSON value; the array is only valid during the call. */
        void frame(byte[] buffer, int length);

        /** A run of bytes outside any value that cannot start one. */
        void garbage(byte[] bytes);
    }

    private final JsonFrameScanner scanner = new JsonFrameScanner();
    private final ByteArrayOutputStream garbage = new ByteArrayOutputStream();
    private byte[] frame = new byte[1024];
    private int frameLength;

    void feed(byte[] bytes, int offset, int length, Sink sink) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            switch (scanner.next(b)) {
                case OUTSIDE -> flushGarbage(sink);
                case GARBAGE -> garbage.write(b);
                case FRAME_START -> {
                    flushGarbage(sink);
                    append(b);
                }
                case INSIDE -> append(b);
                case FRAME_END -> {
                    append(b);
                    int n = frameLength;
                    frameLength = 0;
                    sink.frame(frame, n);
                }
            }
        }
        // Garbage is reported once per read: a peer that sends only garbage still gets an answer.
        flushGarbage(sink);
    }

    private void append(byte b) {
        if (frameLength == frame.length) {
            frame = Arrays.copyOf(frame, frame.length * 2);
        }
        frame[frameLength++] = b;
    }

    private void flushGarbage(Sink sink) {
        if (garbage.size() > 0) {
            byte[] run = garbage.toByteArray();
            garbage.reset();
            sink.garbage(run);
        }
    }
}
