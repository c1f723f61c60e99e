package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.protocol.JsonFrameScanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;

/**
 * Splits the inbound byte stream into one {@code byte[]} per JSON value (QMP frames by value, not by
 * line) and hands each straight to the connection's {@link QmpChannelHandler.Listener} (not through the rest of
 * the pipeline: per frame, Netty's pipeline walk cost about as much as routing the frame). White space between
 * values is dropped; other bytes outside a value are garbage: they are skipped and reported to the listener so the
 * connection can count them. A raw newline inside an unfinished value ends that broken value (QEMU never sends one
 * inside a message, see {@link JsonFrameScanner#cuttingAtRawNewline()}): it is dropped and reported, and framing
 * goes on with the next value. A value longer than the configured maximum fails the connection with a
 * {@link QmpProtocolException}.
 */
public final class QmpFrameDecoder extends ByteToMessageDecoder {
    /** How much of a broken message is kept for the log or the handshake's error. */
    private static final int BROKEN_SAMPLE = 96;

    /**
     * Bytes are scanned in a plain array, not through {@code ByteBuf.forEachByte}: one bulk copy of the new
     * bytes into a per-thread scratch array (decoders run on their event-loop thread; nothing is kept in it
     * between calls), then {@link JsonFrameScanner#scan}'s tight loop. A frame is copied out of the
     * {@code ByteBuf} once it is complete.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };
    private static final int SCRATCH_SIZE = 64 * 1024;

    private final JsonFrameScanner scanner;
    private final int maxFrameSize;
    /** How many bytes after the reader index the scanner has already consumed (the partial frame). */
    private int scanned;

    private final QmpChannelHandler.Listener frames;

    public QmpFrameDecoder(int maxFrameSize, QmpChannelHandler.Listener frames) {
        this(JsonFrameScanner.cuttingAtRawNewline(), maxFrameSize, frames);
    }

    /** With another scanner: the guest agent's ({@link JsonFrameScanner#forGuestAgent()}) also cuts at its sentinel. */
    public QmpFrameDecoder(JsonFrameScanner scanner, int maxFrameSize, QmpChannelHandler.Listener frames) {
        this.scanner = scanner;
        this.maxFrameSize = maxFrameSize;
        this.frames = frames;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        byte[] scratch = SCRATCH.get();
        int base = in.readerIndex();
        int end = in.writerIndex();
        int pos = base + scanned;          // the next byte to scan
        int valueStart = base;             // where the frame being scanned began (the reader index if it is open)
        boolean open = scanner.inFrame();
        while (pos < end) {
            int n = Math.min(end - pos, scratch.length);
            in.getBytes(pos, scratch, 0, n);
            int offset = 0;
            while (offset < n) {
                int frameEnd = scanner.scan(scratch, offset, n);
                if (scanner.valueStart() >= 0) {
                    valueStart = pos + scanner.valueStart();
                }
                if (frameEnd < 0) {
                    offset = n;
                    break;
                }
                int absoluteEnd = pos + frameEnd;
                reportGarbage();   // what was skipped before this frame is reported before it
                if (scanner.wasCut()) {
                    byte[] start = new byte[Math.min(BROKEN_SAMPLE, absoluteEnd - valueStart)];
                    in.getBytes(valueStart, start);
                    frames.onBrokenMessage(absoluteEnd - valueStart, start);
                    valueStart = absoluteEnd;
                    offset = frameEnd;
                    continue;
                }
                checkSize(in, absoluteEnd - valueStart);
                byte[] frame = new byte[absoluteEnd - valueStart];
                in.getBytes(valueStart, frame);
                frames.onFrame(frame);
                valueStart = absoluteEnd;
                offset = frameEnd;
            }
            pos += n;
            open = scanner.inFrame();
            if (!open) {
                valueStart = pos; // only white space or garbage after the last frame: all of it is consumed
            }
        }
        in.readerIndex(valueStart);
        scanned = end - valueStart;
        if (open) {
            checkSize(in, scanned);
        }
        reportGarbage();
    }

    private void reportGarbage() {
        byte[] sample = scanner.garbageSample();
        int garbage = scanner.takeGarbage();
        if (garbage > 0) {
            frames.onGarbage(garbage, sample);
        }
    }

    private void checkSize(ByteBuf in, int frameBytes) {
        if (frameBytes > maxFrameSize) {
            scanner.reset();
            scanned = 0;
            in.skipBytes(in.readableBytes());
            throw new QmpProtocolException("QMP stream", null, "a message is larger than the maximum frame size of "
                    + maxFrameSize + " bytes; raise it with QmpClientOptions.Builder.maxFrameSize if the server is right", null);
        }
    }
}
