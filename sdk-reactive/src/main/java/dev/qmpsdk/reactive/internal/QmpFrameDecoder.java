package dev.qmpsdk.reactive.internal;

import dev.qmpsdk.core.QmpProtocolException;
import dev.qmpsdk.core.protocol.JsonFrameScanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound byte stream into one {@code byte[]} per JSON value (QMP frames by value, not by
 * line). White space between values is dropped; other bytes outside a value are garbage: they are
 * skipped and reported as a {@link GarbageSkipped} user event so the connection can count them. A value
 * longer than the configured maximum fails the connection with a {@link QmpProtocolException}.
 */
public final class QmpFrameDecoder extends ByteToMessageDecoder {
    /** Bytes that were skipped because they were outside any JSON value and not white space. */
    public record GarbageSkipped(int bytes) {}

    private final JsonFrameScanner scanner = new JsonFrameScanner();
    private final int maxFrameSize;
    /** How many bytes after the reader index the scanner has already consumed (the partial frame). */
    private int scanned;

    public QmpFrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int end = in.writerIndex();
        int i = in.readerIndex() + scanned;
        int garbage = 0;
        while (i < end) {
            switch (scanner.next(in.getByte(i))) {
                case OUTSIDE -> in.readerIndex(i + 1);
                case GARBAGE -> {
                    garbage++;
                    in.readerIndex(i + 1);
                }
                case FRAME_START -> in.readerIndex(i);
                case FRAME_END -> {
                    byte[] frame = new byte[i + 1 - in.readerIndex()];
                    in.readBytes(frame);
                    out.add(frame);
                }
                case INSIDE -> {
                    if (i + 1 - in.readerIndex() > maxFrameSize) {
                        scanner.reset();
                        scanned = 0;
                        in.skipBytes(in.readableBytes());
                        throw new QmpProtocolException("QMP stream", null, "a message is larger than the maximum frame size of "
                                + maxFrameSize + " bytes; raise it with QmpClientConfig.withMaxFrameSize if the server is right", null);
                    }
                }
            }
            i++;
        }
        scanned = i - in.readerIndex();
        if (garbage > 0) {
            ctx.fireUserEventTriggered(new GarbageSkipped(garbage));
        }
    }
}
