package dev.qmpsdk.reactive.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Hands connection events from the Netty pipeline to the client; frames reach the same {@link Listener} straight
 * from {@link QmpFrameDecoder}.
 */
public final class QmpChannelHandler extends ChannelInboundHandlerAdapter {
    /** What the client does with them; all calls come on the connection's event loop thread. */
    public interface Listener {
        void onFrame(byte[] frame);

        void onGarbage(int bytes);

        void onTransportError(Throwable cause);

        void onInactive();
    }

    private final Listener listener;

    public QmpChannelHandler(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof QmpFrameDecoder.GarbageSkipped g) {
            listener.onGarbage(g.bytes());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
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
