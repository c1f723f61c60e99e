package dev.qmpsdk.reactive.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Hands connection events from the Netty pipeline to the client; frames, garbage and broken messages reach the same
 * {@link Listener} straight from {@link QmpFrameDecoder}.
 */
public final class QmpChannelHandler extends ChannelInboundHandlerAdapter {
    /** What the client does with them; all calls come on the connection's event loop thread. */
    public interface Listener {
        void onFrame(byte[] frame);

        /** Bytes outside any JSON value that are not white space were skipped; {@code sample} holds the first ones. */
        void onGarbage(int bytes, byte[] sample);

        /** A message cut by a raw newline was dropped; {@code start} holds its first bytes. */
        void onBrokenMessage(int bytes, byte[] start);

        void onTransportError(Throwable cause);

        void onInactive();
    }

    private final Listener listener;

    public QmpChannelHandler(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        listener.onTransportError(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.onInactive();
        ctx.fireChannelInactive();
    }
}
